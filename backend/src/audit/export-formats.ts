import { stringify } from 'csv-stringify';
import { Transform } from 'node:stream';
import type { ExportFormat } from './http/event-log-query.dto';

export interface ExportShape {
  readonly contentType: string;
  readonly extension: string;
  /** A transform from AuditEvent objects to the format's text. */
  encoder(): Transform;
}

/**
 * The CSV keeps `data` and `metadata` as JSON text (csv-stringify's cast of objects), so each row
 * parses back to the event; who and why get columns of their own for spreadsheets. Cells that a
 * spreadsheet would run as a formula get a leading quote (`escape_formulas`); JSON never starts so.
 */
const CSV_COLUMNS = [
  'position',
  'recordedAt',
  'streamId',
  'streamVersion',
  'type',
  { key: 'metadata.userId', header: 'userId' },
  { key: 'metadata.username', header: 'username' },
  { key: 'metadata.correlationId', header: 'correlationId' },
  { key: 'metadata.idempotencyKey', header: 'idempotencyKey' },
  'data',
  'metadata',
  'eventId',
  'hash',
  'reversedBy',
];

export const EXPORT_SHAPES: Record<ExportFormat, ExportShape> = {
  csv: {
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    encoder: () => stringify({ header: true, columns: CSV_COLUMNS, escape_formulas: true }),
  },
  ndjson: {
    contentType: 'application/x-ndjson; charset=utf-8',
    extension: 'ndjson',
    encoder: () =>
      new Transform({
        writableObjectMode: true,
        transform: (event: unknown, _, done) => done(null, `${JSON.stringify(event)}\n`),
      }),
  },
};
