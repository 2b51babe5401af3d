import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { UnhandledExceptionBus, type UnhandledExceptionInfo } from '@nestjs/cqrs';
import { filter, type Subscription } from 'rxjs';
import { Metrics } from '../../metrics/metrics';
import { RaiseLowStockAlertCommand } from '../commands/raise-low-stock-alert.command';

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The errors of the low-stock saga and of the commands it sends, logged and counted. The saga's
 * stream survives them: it catches its own per event, and @nestjs/cqrs hands a failed command's
 * exception to the UnhandledExceptionBus, read here. A crossing whose command failed is alerted
 * the next time a batch leaves the item low, since the handler looks for the current low spell.
 */
@Injectable()
export class SagaFailures implements OnModuleDestroy {
  private readonly logger = new Logger('LowStockSaga');
  private readonly subscription: Subscription;
  private counts = { saga: 0, command: 0 };

  constructor(
    unhandled: UnhandledExceptionBus,
    private readonly metrics: Metrics,
  ) {
    this.subscription = unhandled
      .pipe(filter((info): info is UnhandledExceptionInfo<RaiseLowStockAlertCommand> => info.cause instanceof RaiseLowStockAlertCommand))
      .subscribe(({ cause, exception }) => {
        this.counts.command += 1;
        this.metrics.countCommand('RaiseLowStockAlert', 'failed');
        this.logger.error(`raising the low-stock alert of item ${cause.itemId} failed: ${reason(exception)}`);
      });
  }

  sagaFailed(error: unknown): void {
    this.counts.saga += 1;
    this.metrics.countCommand('LowStockSaga', 'failed');
    this.logger.error(`an items update was not looked at for low stock: ${reason(error)}`);
  }

  get stats(): { readonly saga: number; readonly command: number } {
    return { ...this.counts };
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }
}
