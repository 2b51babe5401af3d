import { Query } from '@nestjs/cqrs';
import type { AlertList, AlertState } from '../read-models/alert-view';

/** Alerts newest first, optionally of one state or one item, older than `before` (a position) when given. */
export class ListAlertsQuery extends Query<AlertList> {
  constructor(
    public readonly state: AlertState | undefined,
    public readonly itemId: string | undefined,
    public readonly limit: number,
    public readonly before: number | undefined,
  ) {
    super();
  }
}
