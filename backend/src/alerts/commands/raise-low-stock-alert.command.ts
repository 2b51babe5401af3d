import { Command } from '@nestjs/cqrs';

/** What the handler did: raised the alert, found it raised already, or found no crossing to alert. */
export type RaiseLowStockAlertResult = 'raised' | 'already-raised' | 'no-crossing';

/**
 * Sent by the low-stock saga for an item a live batch left low: raise the alert of the item's
 * current low spell unless it is raised already.
 */
export class RaiseLowStockAlertCommand extends Command<RaiseLowStockAlertResult> {
  constructor(
    public readonly itemId: string,
    /** 1 from the saga; SagaFailures tries a failed one again. */
    public readonly attempt = 1,
  ) {
    super();
  }
}
