import type { Statements } from '../database';
import type { Role } from '../access';
import { IN_RANGE, rangeParameters, type EventRange } from '../projections';
import { USER_STREAM_PREFIX } from '../users';

export interface RoleChange {
  readonly userId: string;
  /** null: the user was deactivated, so their sockets close for good. */
  readonly role: Role | null;
  /** The user stream's version the change made; the users read model shows it once at this version. */
  readonly version: number;
}

/** The users' role changes and deactivations in the range: their sockets were authorised under the old role, or at all. */
export async function roleChangesIn(db: Statements, range: EventRange): Promise<RoleChange[]> {
  const { rows } = await db.query<{ user_id: string; role: Role | null; version: number }>(
    `SELECT e.data->>'userId' AS user_id, e.data->>'to' AS role, e.stream_version AS version FROM events e
      WHERE ${IN_RANGE} AND e.stream_id LIKE '${USER_STREAM_PREFIX}%' AND e.type IN ('UserRoleChanged', 'UserDeactivated')
      ORDER BY e.transaction_id, e.position`,
    rangeParameters(range),
  );
  return rows.map((row) => ({ userId: row.user_id, role: row.role, version: row.version }));
}
