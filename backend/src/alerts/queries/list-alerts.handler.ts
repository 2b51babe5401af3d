import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AlertDeliveries } from '../read-models/alert-deliveries';
import type { AlertList } from '../read-models/alert-view';
import { ListAlertsQuery } from './list-alerts.query';

@QueryHandler(ListAlertsQuery)
export class ListAlertsHandler implements IQueryHandler<ListAlertsQuery, AlertList> {
  constructor(private readonly deliveries: AlertDeliveries) {}

  async execute({ state, itemId, limit, before }: ListAlertsQuery): Promise<AlertList> {
    const rows = await this.deliveries.list({ state, itemId, before, limit: limit + 1 });
    const alerts = rows.slice(0, limit);
    const last = alerts.at(-1);
    return { alerts, nextCursor: rows.length > limit && last ? String(last.position) : null };
  }
}
