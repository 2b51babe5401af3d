import { Amount, AmountOrNull, Barcode, Present, Price, Reason, Sku, Text } from './item-fields';

/** The fields optional both when creating and when changing an item. */
class OptionalItemFields {
  @Present()
  @Text(2000, false, 'Zinc-plated, 40 mm')
  description?: string;

  @Present()
  @Text(32, false, 'pcs', 1)
  unit?: string;

  @Present()
  @Amount(false, 0, 'At or below this quantity the item is low on stock (default 0)')
  lowStockThreshold?: number;

  @Price()
  price?: number | null;

  @Barcode()
  barcode?: string | null;
}

export class CreateItemDto extends OptionalItemFields {
  @Sku()
  sku!: string;

  @Text(200, true, 'Bolt M10', 1)
  name!: string;

  @Present()
  @Amount(false, 0, 'Initial quantity (default 0)')
  quantity?: number;
}

/** Any of the editable fields; quantity changes only through stock movements. */
export class UpdateItemDto extends OptionalItemFields {
  @Present()
  @Sku(false)
  sku?: string;

  @Present()
  @Text(200, false, 'Bolt M10', 1)
  name?: string;

  @Present()
  @Reason()
  reason?: string;
}

export class ArchiveItemDto {
  @Present()
  @Reason()
  reason?: string;
}

export class RestoreItemDto {
  @Present()
  @Reason()
  reason?: string;
}

export class SetLocationThresholdDto {
  @AmountOrNull('At or below this quantity at the location the item is low there; null removes the location threshold')
  lowStockThreshold!: number | null;

  @Present()
  @Reason()
  reason?: string;
}
