import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem';
import { ProblemFilter } from '../../common/problem/problem.filter';
import { IdempotencyKeyReusedError, ReservationConflictError } from '../../event-store/append-errors';
import { ItemContentionError } from '../commands/item-command-runner';
import {
  InsufficientStockError,
  InvalidQuantityError,
  InventoryRuleError,
  ItemAlreadyExistsError,
  ItemArchivedError,
  ItemNotFoundError,
  StaleVersionError,
} from '../domain/item-errors';
import { InvalidCursorError } from '../queries/impl/cursors';

type InventoryError = InventoryRuleError | ReservationConflictError | IdempotencyKeyReusedError | ItemContentionError | InvalidCursorError;

function toProblem(error: InventoryError): ProblemException {
  if (error instanceof InsufficientStockError) {
    return ProblemException.of('insufficient-stock', error.message, { available: error.available, requested: error.requested });
  }
  if (error instanceof StaleVersionError) {
    return ProblemException.of('conflict', error.message, { currentVersion: error.actualVersion });
  }
  if (error instanceof ItemNotFoundError) return ProblemException.of('not-found', error.message);
  if (error instanceof InvalidQuantityError) {
    return ProblemException.of('validation', error.message, { errors: [{ field: 'quantity', message: error.message }] });
  }
  if (error instanceof InvalidCursorError) {
    return ProblemException.of('validation', error.message, { errors: [{ field: 'cursor', message: error.message }] });
  }
  if (error instanceof ReservationConflictError) {
    return ProblemException.of('conflict', `An item with SKU ${error.value} already exists`, {
      errors: [{ field: 'sku', message: 'is already taken' }],
    });
  }
  if (error instanceof ItemAlreadyExistsError || error instanceof ItemArchivedError) return ProblemException.of('conflict', error.message);
  if (error instanceof IdempotencyKeyReusedError) {
    return ProblemException.of('conflict', `Idempotency-Key ${error.key} was already used for a different request`);
  }
  return ProblemException.of('conflict', error.message);
}

/** The inventory's refusals as problem details; everything else goes to the global filter untouched. */
@Catch(InventoryRuleError, ReservationConflictError, IdempotencyKeyReusedError, ItemContentionError, InvalidCursorError)
export class InventoryProblemFilter implements ExceptionFilter {
  private readonly problems = new ProblemFilter();

  catch(error: InventoryError, host: ArgumentsHost): void {
    this.problems.catch(toProblem(error), host);
  }
}
