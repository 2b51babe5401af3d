/** The shared kernel: problem+json, messageOf, request helpers, validation rules, logging with correlation ids. */
export { messageOf } from './errors/message-of';
export { headerOf, type HttpRequest } from './http-request';
export { acceptedCorrelationId, CORRELATION_HEADER, correlateRequests } from './logging/correlation';
export { LoggingModule } from './logging/logging.module';
export { logRequests, RequestLog } from './logging/request-log';
export { problem, type ProblemDetails, ProblemException, type ProblemKind } from './problem/problem';
export { problemValidationPipe } from './problem/validation.pipe';
export { ZonedDateTime } from './validation/zoned-date-time';
export { jitteredRetryDelayMs, retryDelayMs } from './retry/retry-delay';
