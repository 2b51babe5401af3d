import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { CommandBus, UnhandledExceptionBus, type UnhandledExceptionInfo } from '@nestjs/cqrs';
import { filter, type Subscription } from 'rxjs';
import { Metrics } from '../../metrics';
import { RaiseLowStockAlertCommand } from '../commands/raise-low-stock-alert.command';
import { messageOf } from '../../common';

/** Tries of one command, the saga's included, before the crossing waits for the item's next low batch. */
export const MAX_RAISE_ATTEMPTS = 3;
const RETRY_BASE_MS = 250;

/**
 * The errors of the low-stock saga and of the commands it sends: logged, counted, and the command
 * tried again after a pause. The saga's stream survives them: it catches its own per event, and
 * @nestjs/cqrs hands a failed command's exception to the UnhandledExceptionBus, read here. A crossing
 * whose tries all failed is alerted the next time a batch leaves the item low, since the handler
 * looks for the current low spell's alert, or at the next start (LowStockSweep).
 */
@Injectable()
export class SagaFailures implements OnModuleDestroy {
  private readonly logger = new Logger('LowStockSaga');
  private readonly subscription: Subscription;
  private readonly retries = new Set<NodeJS.Timeout>();
  private counts = { saga: 0, command: 0 };

  constructor(
    unhandled: UnhandledExceptionBus,
    private readonly commands: CommandBus,
    private readonly metrics: Metrics,
  ) {
    this.subscription = unhandled
      .pipe(filter((info): info is UnhandledExceptionInfo<RaiseLowStockAlertCommand> => info.cause instanceof RaiseLowStockAlertCommand))
      .subscribe(({ cause, exception }) => this.commandFailed(cause, exception));
  }

  sagaFailed(error: unknown): void {
    this.counts.saga += 1;
    this.metrics.countCommand('LowStockSaga', 'failed');
    this.logger.error(`an items update was not looked at for low stock: ${messageOf(error)}`);
  }

  get stats(): { readonly saga: number; readonly command: number } {
    return { ...this.counts };
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
    for (const retry of this.retries) clearTimeout(retry);
  }

  private commandFailed(command: RaiseLowStockAlertCommand, error: unknown): void {
    this.counts.command += 1;
    this.metrics.countCommand('RaiseLowStockAlert', 'failed');
    const { itemId, attempt } = command;
    const retrying = attempt < MAX_RAISE_ATTEMPTS;
    this.logger.error(
      `raising the low-stock alert of item ${itemId} failed (try ${attempt}${retrying ? ', retrying' : ''}): ${messageOf(error)}`,
    );
    if (!retrying) return;
    const retry = setTimeout(
      () => {
        this.retries.delete(retry);
        const next = new RaiseLowStockAlertCommand(itemId, attempt + 1);
        this.commands.execute(next).catch((failure: unknown) => this.commandFailed(next, failure));
      },
      RETRY_BASE_MS * 2 ** (attempt - 1),
    );
    this.retries.add(retry);
  }
}
