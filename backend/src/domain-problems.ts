import { NotAuthenticatedError } from './auth';
import { problem } from './common';
import { domainProblem, type DomainProblem } from './web';
import { IdempotencyKeyReusedError, ReservationConflictError } from './event-store';
import { UnsettledLogError } from './audit';
import { StackMemberNotFoundError } from './health';
import {
  ImportExpiredError,
  ImportHasErrorsError,
  ImportNotFoundError,
  ImportTooLargeError,
  StaleImportError,
  UnreadableImportError,
} from './imports';
import {
  BARCODE,
  InsufficientStockError,
  InvalidBarcodeError,
  InvalidCursorError,
  InvalidQuantityError,
  InventoryRuleError,
  ItemAlreadyExistsError,
  ItemArchivedError,
  ItemContentionError,
  ItemNotFoundError,
  MovementAlreadyReversedError,
  MovementNotFoundError,
  NotYourMovementError,
  ReversalNotReversibleError,
  SameLocationTransferError,
  StaleVersionError,
  StockLocationNotFoundError,
} from './inventory';
import { ReportRangeError } from './reports';
import { NotALineError, StocktakeContentionError, StocktakeNotFoundError, StocktakeRuleError, UncountableItemsError } from './stocktakes';
import { LOCATION_CODE, LocationContentionError, LocationHoldsStockError, LocationNotFoundError, LocationRuleError } from './locations';
import {
  ApiTokenForbiddenError,
  ApiTokenNotFoundError,
  LastManagerError,
  UnknownUserError,
  InvalidUserFieldError,
  ResetLinkInvalidError,
  ResetLinkForInactiveUserError,
  ResetLinkNotSentError,
  ServiceAccountPasswordError,
  UserChangedMeanwhileError,
  UserFieldTakenError,
  UserNotYetVisibleError,
} from './users';
import { WebhookNotFoundError, WebhookUrlRefusedError } from './webhooks';

const fieldError = (field: string, message: string) => ({ errors: [{ field, message }] });

/**
 * The errors the domain and the application throw, each as the problem a client is answered with:
 * the one place an error class meets HTTP. The first entry an error is an instance of answers it,
 * so a subclass comes before its base.
 */
export const DOMAIN_PROBLEMS: readonly DomainProblem[] = [
  domainProblem(InsufficientStockError, (error) =>
    problem('insufficient-stock', error.message, { available: error.available, requested: error.requested }),
  ),
  domainProblem(StaleVersionError, (error) => problem('conflict', error.message, { currentVersion: error.actualVersion })),
  domainProblem(ItemNotFoundError, (error) => problem('not-found', error.message)),
  domainProblem(StockLocationNotFoundError, (error) => problem('not-found', error.message, fieldError('locationId', 'no such location'))),
  domainProblem(SameLocationTransferError, (error) =>
    problem('validation', error.message, fieldError('toLocationId', 'must be another location than fromLocationId')),
  ),
  domainProblem(InvalidQuantityError, (error) => problem('validation', error.message, fieldError('quantity', error.message))),
  domainProblem(ReportRangeError, (error) => problem('validation', error.message, fieldError(error.field, error.message))),
  domainProblem(InvalidBarcodeError, (error) => problem('validation', error.message, fieldError('barcode', error.reason))),
  domainProblem(InvalidCursorError, (error) => problem('validation', error.message, fieldError('cursor', error.message))),
  domainProblem(ReservationConflictError, (error) => {
    if (error.kind === LOCATION_CODE) {
      return problem('conflict', `A location with code ${error.value} already exists`, fieldError('code', 'is already taken'));
    }
    if (error.kind === BARCODE)
      return problem('conflict', `An item with barcode ${error.value} already exists`, fieldError('barcode', 'is already taken'));
    return problem('conflict', `An item with SKU ${error.value} already exists`, fieldError('sku', 'is already taken'));
  }),
  domainProblem(ItemAlreadyExistsError, (error) => problem('conflict', error.message)),
  domainProblem(ItemArchivedError, (error) => problem('conflict', error.message)),
  domainProblem(MovementNotFoundError, (error) => problem('not-found', error.message)),
  domainProblem(MovementAlreadyReversedError, (error) => problem('already-reversed', error.message, { reversedBy: error.reversedBy })),
  domainProblem(ReversalNotReversibleError, (error) => problem('reversal-not-reversible', error.message, { reverses: error.reverses })),
  domainProblem(NotYourMovementError, (error) => problem('forbidden', error.message)),
  domainProblem(IdempotencyKeyReusedError, (error) =>
    problem('conflict', `Idempotency-Key ${error.key} was already used for a different request`),
  ),
  domainProblem(InventoryRuleError, (error) => problem('conflict', error.message)),
  domainProblem(ItemContentionError, (error) => problem('conflict', error.message)),

  domainProblem(LocationNotFoundError, (error) => problem('not-found', error.message)),
  domainProblem(LocationHoldsStockError, (error) => problem('conflict', error.message, { unitsHeld: error.unitsHeld })),
  domainProblem(LocationRuleError, (error) => problem('conflict', error.message)),
  domainProblem(LocationContentionError, (error) => problem('conflict', error.message)),

  domainProblem(StocktakeNotFoundError, (error) => problem('not-found', error.message)),
  domainProblem(NotALineError, (error) => problem('not-found', error.message)),
  domainProblem(UncountableItemsError, (error) => problem('validation', error.message, fieldError('itemIds', 'unknown or archived items'))),
  domainProblem(StocktakeRuleError, (error) => problem('conflict', error.message)),
  domainProblem(StocktakeContentionError, (error) => problem('conflict', error.message)),

  domainProblem(NotAuthenticatedError, (error) => problem('unauthorized', error.message)),
  domainProblem(UnknownUserError, () => problem('not-found', 'There is no such user')),
  domainProblem(LastManagerError, (error) => problem('conflict', error.message)),
  domainProblem(UserChangedMeanwhileError, (error) => problem('conflict', error.message)),
  domainProblem(InvalidUserFieldError, (error) => problem('validation', error.message, fieldError(error.field, error.message))),
  domainProblem(UserFieldTakenError, (error) =>
    problem('conflict', error.message, fieldError(error.field, `${error.field} is already taken`)),
  ),
  domainProblem(UserNotYetVisibleError, (error) => problem('unavailable', error.message)),
  domainProblem(ResetLinkInvalidError, (error) => problem('reset-link-invalid', error.message)),
  domainProblem(ResetLinkNotSentError, (error) => problem('conflict', error.message)),
  domainProblem(ResetLinkForInactiveUserError, (error) => problem('conflict', error.message)),
  domainProblem(ServiceAccountPasswordError, (error) => problem('conflict', error.message)),
  domainProblem(ApiTokenForbiddenError, (error) => problem('forbidden', error.message)),
  domainProblem(ApiTokenNotFoundError, (error) => problem('not-found', error.message)),
  domainProblem(WebhookNotFoundError, (error) => problem('not-found', error.message)),
  domainProblem(WebhookUrlRefusedError, (error) => problem('validation', error.message, fieldError('url', error.message))),

  domainProblem(UnreadableImportError, (error) =>
    problem('validation', `The file cannot be imported: ${error.message}`, fieldError('file', error.message)),
  ),
  domainProblem(ImportTooLargeError, (error) =>
    problem('payload-too-large', `The file cannot be imported: ${error.message}`, fieldError('file', error.message)),
  ),
  domainProblem(ImportNotFoundError, (error) => problem('not-found', error.message)),
  domainProblem(ImportHasErrorsError, (error) => problem('conflict', error.message, { errorRows: error.errorRows })),
  domainProblem(StaleImportError, (error) => problem('import-stale', error.message, { rows: error.rows })),
  domainProblem(ImportExpiredError, (error) => problem('import-expired', error.message)),

  // A write that stays open too long keeps the log's horizon from settling: try again shortly.
  domainProblem(UnsettledLogError, (error) => problem('unavailable', `${error.message}; try again`), { 'Retry-After': '1' }),
  domainProblem(StackMemberNotFoundError, (error) => problem('not-found', error.message)),
];
