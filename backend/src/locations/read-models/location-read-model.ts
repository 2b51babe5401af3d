import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '../../database';
import { MAIN_LOCATION_FIELDS, MAIN_LOCATION_ID } from '../domain/main-location';
import type { LocationView } from '../queries/impl/views';
import { LOCATION_COLUMNS, toLocationView, type LocationRow } from './location-row';

/** The main location as it starts out, before any event of its own. */
const MAIN_LOCATION: LocationView = { id: MAIN_LOCATION_ID, ...MAIN_LOCATION_FIELDS, archived: false };

/** Reads `read_locations`, kept by the locations projection, with the main location always in it. */
@Injectable()
export class LocationReadModel {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /** Every location, the main one first, then by code. */
  async list(): Promise<LocationView[]> {
    const { rows } = await this.pool.query<LocationRow>(`SELECT ${LOCATION_COLUMNS} FROM read_locations ORDER BY upper(code), id`);
    const locations = rows.map(toLocationView);
    const main = locations.find(({ id }) => id === MAIN_LOCATION_ID) ?? MAIN_LOCATION;
    return [main, ...locations.filter((location) => location !== main)];
  }
}
