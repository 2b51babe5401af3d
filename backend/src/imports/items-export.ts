import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { stockAt } from '../inventory';
import { ListLocationsQuery, type LocationView } from '../locations';
import { ITEM_COLUMNS, quantityHeader, SKU_HEADER } from './domain/item-columns';
import { MOVEMENT_HEADERS } from './domain/plan-movements';
import type { ImportKind } from './imports.repository';
import { ItemCatalogue } from './item-catalogue';
import { writeSheet, type OutCell, type SheetFormat } from './files/write-sheet';

const itemsHeader = (locations: readonly LocationView[]) => [
  SKU_HEADER,
  ...ITEM_COLUMNS.map((column) => column.header),
  ...locations.map((location) => quantityHeader(location.code)),
];

/** Every item not archived, with its units at each open location: a file that re-imports unchanged. */
@Injectable()
export class ItemsExport {
  constructor(
    private readonly catalogue: ItemCatalogue,
    private readonly queries: QueryBus,
  ) {}

  async items(format: SheetFormat): Promise<Buffer> {
    const locations = await this.openLocations();
    const items = (await this.catalogue.all()).filter((item) => item.status === 'active');
    const rows = items.map((item): OutCell[] => [
      item.fields.sku,
      ...ITEM_COLUMNS.map((column) => column.write(item.fields[column.field] as never)),
      ...locations.map((location) => stockAt(item.stock, location.id)),
    ]);
    return writeSheet(format, itemsHeader(locations), rows);
  }

  /** The header an import of that kind reads, and no rows. */
  async template(kind: ImportKind, format: SheetFormat): Promise<Buffer> {
    if (kind === 'movements') return writeSheet(format, MOVEMENT_HEADERS, []);
    return writeSheet(format, itemsHeader(await this.openLocations()), []);
  }

  private async openLocations(): Promise<LocationView[]> {
    return (await this.queries.execute(new ListLocationsQuery())).filter((location) => !location.archived);
  }
}
