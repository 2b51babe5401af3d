import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsInt, IsNumber, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { BARCODE_PATTERN } from '../domain/barcode';
import { SKU_PATTERN } from '../domain/sku';

/** The largest quantity, threshold or price the API accepts: far beyond any real shelf, far below float trouble. */
const MAX_AMOUNT = 1_000_000_000;

/** Optional, but when present it must be valid: unlike `@IsOptional()`, null is not "absent". */
export const Present = () => ValidateIf((_, value) => value !== undefined);

const documented = (options: ApiPropertyOptions, ...validators: PropertyDecorator[]) =>
  applyDecorators(ApiProperty(options), ...validators);

export const Sku = (required = true) =>
  documented(
    { required, example: 'BOLT-M10', pattern: SKU_PATTERN.source, description: 'Unique regardless of case' },
    IsString(),
    Matches(SKU_PATTERN, { message: '$property must be 1–64 letters, digits, dots, underscores or hyphens' }),
  );

/** Optional; null clears it. The check digit of an all-digit EAN/UPC/GTIN is the domain's to judge. */
export const Barcode = () =>
  documented(
    {
      type: String,
      required: false,
      nullable: true,
      example: '4006381333931',
      pattern: BARCODE_PATTERN.source,
      maxLength: 48,
      description: 'Unique; EAN-8, UPC-A, EAN-13 and GTIN-14 need a valid check digit; any other printable ASCII is a Code 128; null: none',
    },
    ValidateIf((_, value) => value !== undefined && value !== null),
    IsString(),
    Matches(BARCODE_PATTERN, { message: '$property must be 1–48 printable ASCII characters without a space at either end' }),
  );

export const Text = (maxLength: number, required: boolean, example: string, minLength = 0) =>
  documented(
    { required, example, maxLength, minLength },
    IsString(),
    MinLength(minLength),
    MaxLength(maxLength),
    ...(minLength > 0 ? [Matches(/\S/, { message: '$property must not be blank' })] : []),
  );

export const Amount = (required: boolean, minimum: number, description: string) =>
  documented({ required, type: 'integer', minimum, maximum: MAX_AMOUNT, description }, IsInt(), Min(minimum), Max(MAX_AMOUNT));

/** A required whole number of zero or more, or null for none. */
export const AmountOrNull = (description: string) =>
  documented(
    { required: true, nullable: true, type: 'integer', minimum: 0, maximum: MAX_AMOUNT, description },
    ValidateIf((_, value) => value !== null),
    IsInt(),
    Min(0),
    Max(MAX_AMOUNT),
  );

/**
 * Whole cents. Not class-validator's `maxDecimalPlaces`, which reads the decimals off the number's
 * text and throws on one written with an exponent (1e-7).
 */
const WholeCents = () =>
  ValidateBy({
    name: 'wholeCents',
    validator: {
      validate: (value: unknown) => typeof value === 'number' && Math.round(value * 100) / 100 === value,
      defaultMessage: () => '$property must have at most two decimal places',
    },
  });

export const Price = () =>
  documented(
    {
      required: false,
      nullable: true,
      type: Number,
      minimum: 0,
      maximum: MAX_AMOUNT,
      example: 12.5,
      description: 'Two decimals at most; null when not priced',
    },
    ValidateIf((_, value) => value !== undefined && value !== null),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    WholeCents(),
    Min(0),
    Max(MAX_AMOUNT),
  );

export const Reason = () => Text(500, false, 'stocktake');
export const Note = () => Text(2000, false, 'shelf B3');
