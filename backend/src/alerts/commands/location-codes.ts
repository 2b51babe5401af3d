import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '../../database';

/**
 * A location's code for an alert to name, from the locations' read model; the main location, which
 * has a row only once renamed, is MAIN until then (as the item answer shows it).
 */
@Injectable()
export class LocationCodes {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async codeOf(locationId: string): Promise<string> {
    const { rows } = await this.pool.query<{ code: string }>('SELECT code FROM read_locations WHERE id = $1', [locationId]);
    return rows[0]?.code ?? 'MAIN';
  }
}
