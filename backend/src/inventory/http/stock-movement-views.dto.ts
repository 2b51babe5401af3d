import { ApiProperty } from '@nestjs/swagger';
import { PositionedDto } from '../../web';
import type { MovementResult, RecordedMovement, RecordedTransfer, TransferResult } from '../commands/answers';
import type { ItemLabel, ListedStockMovement, StockMovementList, StockMovementView } from '../queries/impl';
import { LISTED_MOVEMENT_TYPES, type ListedMovementType } from '../queries/impl/views';
import { ActorDto, ItemViewDto, NEXT_CURSOR, TransferEndsDto } from './item-views.dto';

export class RecordedMovementDto extends TransferEndsDto implements RecordedMovement {
  @ApiProperty({ format: 'uuid', description: 'The movement id' })
  readonly id!: string;

  @ApiProperty({ format: 'uuid' })
  readonly itemId!: string;

  @ApiProperty({ enum: LISTED_MOVEMENT_TYPES, enumName: 'ListedMovementType' })
  readonly type!: ListedMovementType;

  @ApiProperty({ type: 'integer', description: 'Units moved; the signed difference for ADJUST' })
  readonly quantity!: number;

  @ApiProperty({ type: 'integer', description: "The item's total before (a transfer leaves it unchanged)" })
  readonly quantityBefore!: number;

  @ApiProperty({ type: 'integer', description: "The item's total after" })
  readonly quantityAfter!: number;

  @ApiProperty({ type: String, nullable: true })
  readonly reason!: string | null;

  @ApiProperty({ type: String, nullable: true })
  readonly note!: string | null;

  @ApiProperty({
    format: 'uuid',
    description: "Where the stock moved; the main location for movements recorded without one; a transfer's source",
  })
  readonly locationId!: string;

  @ApiProperty({ type: ActorDto, nullable: true })
  readonly user!: ActorDto | null;

  @ApiProperty({ format: 'date-time' })
  readonly at!: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'A correction only: the movement it reverses' })
  readonly reverses?: string;
}

class StockMovementViewDto extends RecordedMovementDto implements StockMovementView {
  @ApiProperty({ type: 'integer', description: "The movement event's global position" })
  readonly position!: number;

  @ApiProperty({ required: false, format: 'uuid', description: 'Once reversed: the correcting movement' })
  readonly reversedBy?: string;
}

class ItemLabelDto implements ItemLabel {
  @ApiProperty({ description: "The item's current SKU" })
  readonly sku!: string;

  @ApiProperty({ description: "The item's current name" })
  readonly name!: string;
}

export class ListedStockMovementDto extends StockMovementViewDto implements ListedStockMovement {
  @ApiProperty({ type: ItemLabelDto })
  readonly item!: ItemLabelDto;
}

export class StockMovementListDto implements StockMovementList {
  @ApiProperty({ type: [ListedStockMovementDto] })
  readonly movements!: readonly ListedStockMovementDto[];

  @ApiProperty(NEXT_CURSOR)
  readonly nextCursor!: string | null;
}

/** The movement as recorded and the item as it stands after it. */
class MovementResultDto implements MovementResult {
  @ApiProperty({ type: RecordedMovementDto })
  readonly movement!: RecordedMovementDto;

  @ApiProperty({ type: ItemViewDto })
  readonly item!: ItemViewDto;
}

export class PositionedMovementResultDto extends PositionedDto(MovementResultDto) {}

class RecordedTransferDto extends RecordedMovementDto implements RecordedTransfer {
  @ApiProperty({ format: 'uuid', description: 'The transfer id (also `id`)' })
  declare readonly transferId: string;

  @ApiProperty({ format: 'uuid' })
  declare readonly fromLocationId: string;

  @ApiProperty({ format: 'uuid' })
  declare readonly toLocationId: string;

  @ApiProperty({ type: 'integer', description: 'Units at the source before the transfer' })
  readonly fromBefore!: number;

  @ApiProperty({ type: 'integer' })
  readonly fromAfter!: number;

  @ApiProperty({ type: 'integer', description: 'Units at the destination before the transfer' })
  readonly toBefore!: number;

  @ApiProperty({ type: 'integer' })
  readonly toAfter!: number;
}

/** The transfer as recorded and the item as it stands after it. */
class TransferResultDto implements TransferResult {
  @ApiProperty({ type: RecordedTransferDto })
  readonly transfer!: RecordedTransferDto;

  @ApiProperty({ type: ItemViewDto })
  readonly item!: ItemViewDto;
}

export class PositionedTransferResultDto extends PositionedDto(TransferResultDto) {}
