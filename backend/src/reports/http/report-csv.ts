import { stringify } from 'csv-stringify/sync';
import type { Activity } from '../domain/activity';
import type { Valuation } from '../domain/valuation';
import type { ReorderReport } from '../queries/impl';

/**
 * The reports as spreadsheets, header row first. Cells a spreadsheet would run as a formula get a
 * leading quote (`escape_formulas`), as in the movements export.
 */
const csv = (columns: readonly string[], rows: readonly (readonly unknown[])[]) =>
  stringify([...rows], { header: true, columns: [...columns], escape_formulas: true, cast: { number: String } });

/** A purchase list: one line per item to order. */
export const reorderCsv = ({ items }: ReorderReport): string =>
  csv(
    [
      'sku',
      'name',
      'unit',
      'onHand',
      'reorderPoint',
      'dailyUse30',
      'dailyUse90',
      'daysOfCover',
      'leadTimeDays',
      'orderQuantity',
      'price',
      'estimatedCost',
    ],
    items.map((line) => [
      line.sku,
      line.name,
      line.unit,
      line.quantity,
      line.reorderPoint,
      line.dailyUse30,
      line.dailyUse90,
      line.daysOfCover,
      line.leadTimeDays,
      line.suggestedQuantity,
      line.price,
      line.estimatedCost,
    ]),
  );

export const valuationCsv = ({ at, locations }: Valuation): string =>
  csv(
    ['at', 'locationCode', 'location', 'sku', 'name', 'unit', 'quantity', 'price', 'value'],
    locations.flatMap((location) =>
      location.items.map((line) => [
        at,
        location.code,
        location.name,
        line.sku,
        line.name,
        line.unit,
        line.quantity,
        line.price,
        line.value,
      ]),
    ),
  );

export const activityCsv = ({ buckets }: Activity): string =>
  csv(
    ['start', 'IN', 'OUT', 'ADJUST', 'TRANSFER', 'unitsIn', 'unitsOut', 'unitsAdjusted', 'unitsTransferred'],
    buckets.map(({ start, movements, units }) => [
      start,
      movements.IN,
      movements.OUT,
      movements.ADJUST,
      movements.TRANSFER,
      units.IN,
      units.OUT,
      units.ADJUST,
      units.TRANSFER,
    ]),
  );

export const CSV_TYPE = 'text/csv; charset=utf-8';
