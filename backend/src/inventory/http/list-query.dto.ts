import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { ZonedDateTime } from '../../common';
import { ITEM_SORTS, type ItemSort } from '../queries/impl/cursors';
import { LISTED_MOVEMENT_TYPES, type ListedMovementType } from '../queries/impl/views';
import { Present } from './item-fields';

export const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/** `?limit=&cursor=` of every list. */
export class PageQueryDto {
  @ApiProperty({ required: false, type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @Present()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiProperty({ required: false, description: 'The `nextCursor` of the previous page' })
  @Present()
  @IsString()
  // An items cursor carries the last name shown (200 characters, up to 3 bytes each), base64url-encoded.
  @MaxLength(1500)
  cursor?: string;
}

export class ListItemsQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, description: 'Matches SKU, name, description or barcode, ignoring case' })
  @Present()
  @IsString()
  @MaxLength(200)
  search?: string;

  @ApiProperty({ required: false, enum: ['true', 'false'] })
  @Present()
  @IsIn(['true', 'false'])
  lowStock?: 'true' | 'false';

  @ApiProperty({ required: false, enum: ['true', 'false'], description: 'true lists only archived items; by default only the others' })
  @Present()
  @IsIn(['true', 'false'])
  archived?: 'true' | 'false';

  @ApiProperty({ required: false, format: 'uuid', description: 'Only items with stock at this location' })
  @Present()
  @IsUUID()
  locationId?: string;

  @ApiProperty({
    required: false,
    enum: ITEM_SORTS,
    enumName: 'ItemSort',
    default: 'sku',
    description: '`field` ascending, `-field` descending',
  })
  @Present()
  @IsIn(ITEM_SORTS)
  sort?: ItemSort;
}

export class StockAtQueryDto {
  @ApiProperty({ format: 'date-time', example: '2025-01-31T17:00:00Z' })
  @ZonedDateTime('at')
  at!: string;

  @ApiProperty({ required: false, format: 'uuid', description: "The units at this location only; the item's total when left out" })
  @Present()
  @IsUUID()
  locationId?: string;
}

/** The filters of the movements list and its export. */
export class StockMovementFilterQueryDto {
  @ApiProperty({ required: false, format: 'uuid' })
  @Present()
  @IsUUID()
  itemId?: string;

  @ApiProperty({ required: false, enum: LISTED_MOVEMENT_TYPES, enumName: 'ListedMovementType' })
  @Present()
  @IsIn(LISTED_MOVEMENT_TYPES)
  type?: ListedMovementType;

  @ApiProperty({ required: false })
  @Present()
  @IsString()
  @MaxLength(100)
  userId?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'Movements at this location only (a transfer at either end)' })
  @Present()
  @IsUUID()
  locationId?: string;

  @ApiProperty({ required: false, format: 'date-time', description: 'Inclusive' })
  @Present()
  @ZonedDateTime('from')
  from?: string;

  @ApiProperty({ required: false, format: 'date-time', description: 'Exclusive' })
  @Present()
  @ZonedDateTime('to')
  to?: string;
}

export class ListStockMovementsQueryDto extends IntersectionType(StockMovementFilterQueryDto, PageQueryDto) {}
