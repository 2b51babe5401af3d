import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { itemsCursor, ListItemsQuery, type ItemList } from '../../inventory';
import { RaiseLowStockAlertCommand } from '../commands/raise-low-stock-alert.command';
import { messageOf } from '../../common';

const PAGE = 500;

/**
 * At start-up, asks for the alert of every item low now. A crossing whose live batch committed but
 * whose saga never ran (the process died in between), or whose tries all failed, is alerted then
 * instead of at the item's next low batch. The handler decides from each item's stream, so an alert
 * raised already, or an item created low, gives nothing: any number of starts raise each alert once.
 */
@Injectable()
export class LowStockSweep implements OnApplicationBootstrap {
  private readonly logger = new Logger('LowStockSweep');

  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep().catch((error: unknown) =>
      this.logger.warn(`the start-up look for missed low-stock alerts failed: ${messageOf(error)}`),
    );
  }

  /** How many alerts it raised. */
  async sweep(): Promise<number> {
    let raised = 0;
    for await (const id of this.lowStockItems()) {
      const result = await this.commands.execute(new RaiseLowStockAlertCommand(id)).catch((error: unknown) => {
        this.logger.warn(`item ${id}: ${messageOf(error)}`);
        return 'failed' as const;
      });
      if (result === 'raised') raised += 1;
    }
    if (raised > 0) this.logger.log(`raised ${raised} low-stock alert(s) missed before this start`);
    return raised;
  }

  /** The items low now and not archived, as the inventory lists them. */
  private async *lowStockItems(): AsyncGenerator<string> {
    let cursor: string | null = null;
    do {
      const page: ItemList = await this.queries.execute(
        new ListItemsQuery(undefined, true, PAGE, cursor === null ? undefined : itemsCursor.decode(cursor)),
      );
      for (const item of page.items) yield item.id;
      cursor = page.nextCursor;
    } while (cursor !== null);
  }
}
