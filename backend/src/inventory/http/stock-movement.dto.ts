import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID, ValidateBy } from 'class-validator';
import type { MovementType } from '../domain/item-events';
import { Amount, Note, Present, Reason } from './item-fields';

const MOVEMENT_TYPES: readonly MovementType[] = ['IN', 'OUT', 'ADJUST'];

/** IN and OUT move at least one unit; only a stocktake (ADJUST) may count zero. */
const PositiveUnlessStocktake = () =>
  ValidateBy({
    name: 'positiveUnlessStocktake',
    validator: {
      validate: (value, args) => (args?.object as StockMovementDto).type === 'ADJUST' || (typeof value === 'number' && value >= 1),
      defaultMessage: () => 'quantity must be at least 1 for IN and OUT',
    },
  });

export class StockMovementDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  itemId!: string;

  @ApiProperty({ enum: MOVEMENT_TYPES, enumName: 'MovementType' })
  @IsIn(MOVEMENT_TYPES)
  type!: MovementType;

  @Amount(true, 0, 'Units moved for IN and OUT (at least 1); the counted quantity for ADJUST')
  @PositiveUnlessStocktake()
  quantity!: number;

  @Present()
  @Reason()
  reason?: string;

  @Present()
  @Note()
  note?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'Where the stock moves; the main location when left out' })
  @Present()
  @IsUUID()
  locationId?: string;
}
