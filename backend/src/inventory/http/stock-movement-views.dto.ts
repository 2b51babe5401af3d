import { ApiProperty } from '@nestjs/swagger';
import { PositionedDto } from '../../web';
import type { MovementType } from '../domain/item-events';
import type { MovementResult, RecordedMovement } from '../commands/answers';
import type { ItemLabel, ListedStockMovement, StockMovementList, StockMovementView } from '../queries/impl';
import { ActorDto, ItemViewDto, NEXT_CURSOR } from './item-views.dto';
import { MOVEMENT_TYPES } from './stock-movement.dto';

export class RecordedMovementDto implements RecordedMovement {
  @ApiProperty({ format: 'uuid', description: 'The movement id' })
  readonly id!: string;

  @ApiProperty({ format: 'uuid' })
  readonly itemId!: string;

  @ApiProperty({ enum: MOVEMENT_TYPES, enumName: 'MovementType' })
  readonly type!: MovementType;

  @ApiProperty({ type: 'integer', description: 'Units moved; the signed difference for ADJUST' })
  readonly quantity!: number;

  @ApiProperty({ type: 'integer' })
  readonly quantityBefore!: number;

  @ApiProperty({ type: 'integer' })
  readonly quantityAfter!: number;

  @ApiProperty({ type: String, nullable: true })
  readonly reason!: string | null;

  @ApiProperty({ type: String, nullable: true })
  readonly note!: string | null;

  @ApiProperty({ format: 'uuid', description: 'Where the stock moved; the main location for movements recorded without one' })
  readonly locationId!: string;

  @ApiProperty({ type: ActorDto, nullable: true })
  readonly user!: ActorDto | null;

  @ApiProperty({ format: 'date-time' })
  readonly at!: string;
}

class StockMovementViewDto extends RecordedMovementDto implements StockMovementView {
  @ApiProperty({ type: 'integer', description: "The movement event's global position" })
  readonly position!: number;
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
