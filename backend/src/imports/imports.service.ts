import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { InjectSettings, type AppSettings } from '../config';
import { EventStore, ReservationConflictError, VersionConflictError, type StreamAppend } from '../event-store';
import { itemReservations, metadataOf, StockLocationArchivedError, StockLocations, type CommandContext } from '../inventory';
import { ListLocationsQuery } from '../locations';
import { ImportExpiredError, ImportHasErrorsError, ImportNotFoundError, StaleImportError } from './domain/import-errors';
import type { ImportPlan, ImportSummary, PlannedStream, RowPreview } from './domain/import-plan';
import { locationsByCode } from './domain/known-locations';
import { planItems } from './domain/plan-items';
import { planMovements } from './domain/plan-movements';
import { isFormula, type Sheet } from './domain/sheet';
import { headerKey } from './domain/sheet-header';
import { plannedLocations, rowsAtArchivedLocations, rowsOfChangedItems, rowsTakingValue } from './domain/stale-rows';
import { readSheet } from './files/read-sheet';
import { ImportsRepository, type ImportKind } from './imports.repository';
import { ItemCatalogue } from './item-catalogue';

export interface ImportPreview {
  readonly id: string;
  readonly kind: ImportKind;
  readonly rows: readonly RowPreview[];
  readonly summary: ImportSummary;
}

export interface AppliedImport {
  readonly id: string;
  /** Events written by this import (0 when it changed nothing); the same however often it is applied. */
  readonly events: number;
  /** The last event's position, for read-your-writes; the log's head when nothing was written. */
  readonly position: number;
}

const IDEMPOTENCY_SCOPE = 'imports';
const MAX_REASON = 500;

/** The non-empty, non-formula cells of a column, by its header. */
function cellsOf(sheet: Sheet, header: string): string[] {
  const column = sheet.header.findIndex((name) => headerKey(name) === header);
  if (column < 0) return [];
  return sheet.rows.flatMap(({ cells }) => {
    const cell = cells[column];
    return cell === undefined || isFormula(cell) || cell.trim() === '' ? [] : [cell.trim()];
  });
}

/**
 * Previews and applies spreadsheet imports. A preview reads the file, decides every row on the items
 * as their streams are now and keeps the plan under a new id; it writes no event. Applying appends
 * the plan in one multi-stream transaction, each stream at the version the preview saw: every row
 * or none, and an item changed, a SKU or barcode taken or a location archived since the preview
 * refuses the whole import, naming the rows, rather than overwrite it.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly store: EventStore,
    private readonly catalogue: ItemCatalogue,
    private readonly queries: QueryBus,
    private readonly imports: ImportsRepository,
    private readonly stockLocations: StockLocations,
    @InjectSettings() private readonly settings: AppSettings,
  ) {}

  async preview(kind: ImportKind, fileName: string, bytes: Buffer, createdBy: string): Promise<ImportPreview> {
    const sheet = await readSheet(bytes, this.settings.config.imports);
    const input = {
      existing: await this.catalogue.bySkus(cellsOf(sheet, 'sku')),
      barcodeHolders: await this.catalogue.barcodeHolders(cellsOf(sheet, 'barcode')),
      locations: locationsByCode(await this.queries.execute(new ListLocationsQuery())),
      newId: randomUUID,
      reason: `import of ${fileName}`.slice(0, MAX_REASON),
    };
    const plan: ImportPlan = kind === 'items' ? planItems(sheet, input) : planMovements(sheet, input);
    const id = randomUUID();
    await this.imports.save({ id, kind, fileName, createdBy, plan }, this.settings.config.imports.previewHours);
    return { id, kind, rows: plan.rows, summary: plan.summary };
  }

  async apply(id: string, context: CommandContext): Promise<AppliedImport> {
    const { previewHours } = this.settings.config.imports;
    const stored = await this.imports.find(id, previewHours);
    if (!stored) throw new ImportNotFoundError(id);
    if (stored.status === 'expired') throw new ImportExpiredError(previewHours);
    const events = stored.summary.events;
    if (stored.status === 'applied') return { id, events, position: stored.appliedPosition };
    if (stored.summary.error > 0) throw new ImportHasErrorsError(stored.summary.error);
    const position = stored.streams.length === 0 ? await this.store.headPosition() : await this.checkedAppend(id, stored.streams, context);
    await this.imports.markApplied(id, position);
    return { id, events, position };
  }

  /**
   * Locations are checked as a movement's are, from their streams when deciding (now, for a plan made
   * earlier), not guarded by the append: archiving one needs it empty, and an import racing that still lands.
   */
  private async checkedAppend(id: string, streams: readonly PlannedStream[], context: CommandContext): Promise<number> {
    const locations = plannedLocations(streams);
    const open = await Promise.all(
      locations.map((locationId) =>
        this.stockLocations
          .movingAt(locationId, () => Promise.resolve(true))
          .catch((error: unknown) => {
            if (error instanceof StockLocationArchivedError) return false;
            throw error;
          }),
      ),
    );
    const archived = locations.filter((_, index) => !open[index]);
    if (archived.length > 0) {
      const codes = new Map((await this.queries.execute(new ListLocationsQuery())).map(({ id: locationId, code }) => [locationId, code]));
      const named = new Map(archived.map((locationId) => [locationId, codes.get(locationId) ?? locationId]));
      throw new StaleImportError(rowsAtArchivedLocations(streams, named));
    }
    return this.append(id, streams, context);
  }

  /** The plan in one transaction; a concurrent second apply of the same import is answered by the first's record. */
  private async append(id: string, streams: readonly PlannedStream[], context: CommandContext): Promise<number> {
    const idempotency = { key: `import-${id}`, requestHash: id };
    const metadata = metadataOf({ ...context, idempotency });
    const appends: StreamAppend[] = streams.map(({ streamId, expectedVersion, events }) => ({
      streamId,
      expectedVersion,
      events: events.map((event) => ({ ...event, metadata })),
      ...itemReservations(events),
    }));
    try {
      const outcome = await this.store.appendToStreams({
        streams: appends,
        idempotency: { scope: IDEMPOTENCY_SCOPE, ...idempotency, result: { id } },
      });
      if (outcome.status === 'appended') return outcome.streams.reduce((last, stream) => Math.max(last, ...stream.positions), 0);
      const first = streams[0];
      return (
        (first && (await this.store.lastPositionWith(first.streamId, { idempotencyKey: idempotency.key }))) ??
        (await this.store.headPosition())
      );
    } catch (error) {
      if (error instanceof VersionConflictError)
        throw new StaleImportError(rowsOfChangedItems(streams, new Set(error.streams.map(({ streamId }) => streamId))));
      if (error instanceof ReservationConflictError) throw new StaleImportError(rowsTakingValue(streams, error.kind, error.value));
      throw error;
    }
  }
}
