import { ApiProperty } from '@nestjs/swagger';
import { PositionedDto } from '../../web';
import type { ItemFields } from '../domain/item-events';
import type { ItemHistory, ItemList, StockAt } from '../queries/impl';
import {
  LISTED_MOVEMENT_TYPES,
  type Actor,
  type HistoryEntry,
  type HistoryEntryType,
  type ItemDetailView,
  type ItemLocationStock,
  type ItemView,
  type ListedItemView,
  type TransferEnds,
} from '../queries/impl/views';

const HISTORY_ENTRY_TYPES: readonly HistoryEntryType[] = [
  'created',
  'updated',
  'archived',
  'restored',
  ...LISTED_MOVEMENT_TYPES,
  'threshold',
];
/** A page's `nextCursor`. */
export const NEXT_CURSOR = {
  type: String,
  nullable: true,
  description: 'Pass as `cursor` for the next page; null on the last one',
} as const;

export class ActorDto implements Actor {
  @ApiProperty()
  readonly id!: string;

  @ApiProperty()
  readonly username!: string;
}

export class ItemFieldsDto implements ItemFields {
  @ApiProperty()
  readonly sku!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty()
  readonly description!: string;

  @ApiProperty()
  readonly unit!: string;

  @ApiProperty({ type: 'integer' })
  readonly lowStockThreshold!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Two decimals at most; null when not priced' })
  readonly price!: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'At or below this quantity the item is due for ordering; null: not planned',
  })
  readonly reorderPoint!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'The usual order size; null: none' })
  readonly reorderQuantity!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Days from ordering to receiving; null: not known' })
  readonly leadTimeDays!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    description: 'Null: none; absent in history recorded before items had barcodes',
  })
  readonly barcode?: string | null;
}

export class ItemViewDto extends ItemFieldsDto implements ItemView {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({
    type: String,
    required: true,
    nullable: true,
    example: '4006381333931',
    description: 'EAN/UPC/GTIN or Code 128 text; null: none',
  })
  declare readonly barcode: string | null;

  @ApiProperty({ type: 'integer' })
  readonly quantity!: number;

  @ApiProperty({ description: 'At or below `lowStockThreshold` (the total; `locations[].lowStock` is per location)' })
  readonly lowStock!: boolean;

  @ApiProperty()
  readonly archived!: boolean;

  @ApiProperty({ type: 'integer', description: "The item stream's version: what a client sends back as `If-Match`" })
  readonly version!: number;

  @ApiProperty({ format: 'date-time', description: "The item's last event" })
  readonly updatedAt!: string;
}

export class ListedItemViewDto extends ItemViewDto implements ListedItemView {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Its last count in a posted stocktake; null when never counted',
  })
  readonly lastCountedAt!: string | null;
}

export class ItemLocationStockDto implements ItemLocationStock {
  @ApiProperty({ format: 'uuid' })
  readonly locationId!: string;

  @ApiProperty({ example: 'MAIN' })
  readonly code!: string;

  @ApiProperty({ type: 'integer' })
  readonly quantity!: number;

  @ApiProperty({ type: 'integer', nullable: true, description: "The item's low-stock threshold at this location; null: none" })
  readonly lowStockThreshold!: number | null;

  @ApiProperty({ description: 'At or below the location threshold; false where there is none' })
  readonly lowStock!: boolean;
}

export class ItemDetailViewDto extends ListedItemViewDto implements ItemDetailView {
  @ApiProperty({ type: [ItemLocationStockDto], description: 'The non-zero stock per location, the main location first' })
  readonly locations!: readonly ItemLocationStockDto[];
}

export class PositionedItemDto extends PositionedDto(ItemViewDto) {}

export class ItemListDto implements ItemList {
  @ApiProperty({ type: [ListedItemViewDto] })
  readonly items!: readonly ListedItemViewDto[];

  @ApiProperty(NEXT_CURSOR)
  readonly nextCursor!: string | null;
}

/** A transfer's fields, on transfers only. */
export class TransferEndsDto implements TransferEnds {
  @ApiProperty({ required: false, format: 'uuid', description: 'A transfer only: its id' })
  readonly transferId?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'A transfer only: where the units came from' })
  readonly fromLocationId?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'A transfer only: where the units went' })
  readonly toLocationId?: string;
}

export class HistoryEntryDto extends TransferEndsDto implements HistoryEntry {
  @ApiProperty({ type: 'integer' })
  readonly position!: number;

  @ApiProperty({ enum: HISTORY_ENTRY_TYPES, enumName: 'HistoryEntryType' })
  readonly type!: HistoryEntryType;

  @ApiProperty({ format: 'date-time' })
  readonly at!: string;

  @ApiProperty({ type: ActorDto, nullable: true })
  readonly user!: ActorDto | null;

  @ApiProperty({ type: ItemFieldsDto, nullable: true, description: 'The fields before a change; null for stock movements and creation' })
  readonly before!: ItemFieldsDto | null;

  @ApiProperty({ type: ItemFieldsDto, nullable: true, description: 'The fields after a change; null for stock movements' })
  readonly after!: ItemFieldsDto | null;

  @ApiProperty({ type: 'integer' })
  readonly quantityBefore!: number;

  @ApiProperty({ type: 'integer' })
  readonly quantityAfter!: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description:
      'Units moved (the signed difference for ADJUST; for TRANSFER, the units moved, the total unchanged); null for item changes',
  })
  readonly quantity!: number | null;

  @ApiProperty({ type: String, nullable: true })
  readonly reason!: string | null;

  @ApiProperty({ type: String, nullable: true })
  readonly note!: string | null;

  @ApiProperty({ required: false, format: 'uuid', description: "Stock movements and transfers only: the movement's id" })
  readonly movementId?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'A correction only: the movement it reverses' })
  readonly reverses?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'Once reversed: the correcting movement' })
  readonly reversedBy?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'A threshold change only: the location whose threshold changed' })
  readonly locationId?: string;

  @ApiProperty({
    required: false,
    type: 'integer',
    nullable: true,
    description: 'A threshold change only: the threshold before; null: none',
  })
  readonly thresholdBefore?: number | null;

  @ApiProperty({
    required: false,
    type: 'integer',
    nullable: true,
    description: 'A threshold change only: the threshold after; null: removed',
  })
  readonly thresholdAfter?: number | null;
}

export class ItemHistoryDto implements ItemHistory {
  @ApiProperty({ type: [HistoryEntryDto] })
  readonly entries!: readonly HistoryEntryDto[];

  @ApiProperty(NEXT_CURSOR)
  readonly nextCursor!: string | null;
}

export class StockAtDto implements StockAt {
  @ApiProperty({ type: 'integer' })
  readonly quantity!: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description:
      "The item's last event at or before `at` (with `locationId`, the last that changed that location's units); null when there is none",
  })
  readonly position!: number | null;
}
