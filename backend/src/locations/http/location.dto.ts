import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Present, Text } from '../../inventory';
import { LOCATION_CODE_PATTERN } from '../domain/location-code';

const Code = (required: boolean) =>
  applyDecorators(
    ApiProperty({ required, example: 'VAN-1', pattern: LOCATION_CODE_PATTERN.source, description: 'Unique regardless of case' }),
    IsString(),
    Matches(LOCATION_CODE_PATTERN, { message: '$property must be 1–32 letters, digits, dots, underscores or hyphens' }),
  );

export class CreateLocationDto {
  @Code(true)
  code!: string;

  @Text(200, true, 'Van one', 1)
  name!: string;
}

/** A new code, a new name, or both. */
export class UpdateLocationDto {
  @Present()
  @Code(false)
  code?: string;

  @Present()
  @Text(200, false, 'Van one', 1)
  name?: string;
}
