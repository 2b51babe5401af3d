import type { LocationView } from '../queries/impl/views';

/** A `read_locations` row as pg returns it. */
export interface LocationRow {
  id: string;
  code: string;
  name: string;
  archived: boolean;
  version: number;
  position: number;
}

export const LOCATION_COLUMNS = 'id, code, name, archived, version, position';

export const toLocationView = (row: LocationRow): LocationView => ({ id: row.id, code: row.code, name: row.name, archived: row.archived });
