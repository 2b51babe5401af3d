/** The pool, the embedded PostgreSQL, outage detection and batched fresh lookups. */
export { asDatabaseUnavailable, DATABASE_RETRY_AFTER_SECONDS } from './database-unavailable';
export { DATABASE_POOL, DATABASE_URL, DatabaseModule, InjectPool } from './database.module';
export { startEmbeddedPostgres } from './embedded-postgres';
export { freePort } from './free-port';
export { FreshLookups } from './fresh-lookups';
export { inTransaction } from './in-transaction';
export { onClient } from './on-client';
export { localSecret } from './local-secrets';
export { openDatabase } from './open-database';
export { finalStatements, type FinalStatements, pipelined, pipelinedTogether } from './pipelined-statements';
export { preparedStatements, type Statements } from './prepared-statements';
export { releaseClient } from './release-client';
export { createPool } from './pool';
export { singleRow } from './single-row';
