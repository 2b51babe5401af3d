/** What the API imports: the local host to start in-process when FUNCTION_URL is unset, and the contract types. */
export {
  ACCOUNT_NOTICE_PATH,
  HEALTH_PATH,
  LOW_STOCK_EMAIL_PATH,
  startFunctionHost,
  type FunctionHost,
  type FunctionHostOptions,
} from './local-host';
export type { AlertEmail, LowStockAlertRequest, LowStockEmailOutcome } from '../packages/alerts/low-stock-email/src/index';
export type { AccountNoticeOutcome, AccountNoticeRequest } from '../packages/accounts/account-notice/src/index';
