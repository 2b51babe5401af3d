import type { Knex } from 'knex';
import * as eventStore from '../migrations/001_event_store';
import * as users from '../migrations/002_users';
import * as readModels from '../migrations/003_read_models';
import * as alerts from '../migrations/004_alerts';
import * as eventLogIndexes from '../migrations/005_event_log_indexes';
import * as restoreCarriesWholeHistory from '../migrations/006_restore_carries_whole_history';
import * as restoreRepairFunction from '../migrations/007_restore_repair_function';
import * as sessionsAndAttempts from '../migrations/008_sessions_and_attempts';
import * as accountNotices from '../migrations/009_account_notices';
import * as accountAccess from '../migrations/011_account_access';
import * as locations from '../migrations/012_locations';
import * as passwordResetLinks from '../migrations/013_password_reset_links';
import * as transfers from '../migrations/014_transfers';
import * as locationThresholds from '../migrations/015_location_thresholds';
import * as sessionEndNotices from '../migrations/016_session_end_notices';
import * as apiTokens from '../migrations/017_api_tokens';
import * as locationThresholdIndex from '../migrations/018_location_threshold_index';
import * as reversals from '../migrations/019_reversals';
import * as stocktakes from '../migrations/020_stocktakes';
import * as imports from '../migrations/021_imports';
import * as itemBarcodes from '../migrations/022_item_barcodes';
import * as webhooks from '../migrations/023_webhooks';
import * as reorderAndValuation from '../migrations/024_reorder_and_valuation';
import * as setWiseHashChain from '../migrations/025_set_wise_hash_chain';
import * as readModelIndexes from '../migrations/026_read_model_indexes';
import * as importRetention from '../migrations/027_import_retention';
import * as thresholdHistory from '../migrations/028_threshold_history';
import * as stockUpdatedInPlace from '../migrations/029_stock_updated_in_place';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Numbered, forward-only; a landed migration is never edited. */
export const migrations: readonly (readonly [name: string, migration: Migration])[] = [
  ['001_event_store', eventStore],
  ['002_users', users],
  ['003_read_models', readModels],
  ['004_alerts', alerts],
  ['005_event_log_indexes', eventLogIndexes],
  ['006_restore_carries_whole_history', restoreCarriesWholeHistory],
  ['007_restore_repair_function', restoreRepairFunction],
  ['008_sessions_and_attempts', sessionsAndAttempts],
  ['009_account_notices', accountNotices],
  ['011_account_access', accountAccess],
  ['012_locations', locations],
  ['013_password_reset_links', passwordResetLinks],
  ['014_transfers', transfers],
  ['015_location_thresholds', locationThresholds],
  ['016_session_end_notices', sessionEndNotices],
  ['017_api_tokens', apiTokens],
  ['018_location_threshold_index', locationThresholdIndex],
  ['019_reversals', reversals],
  ['020_stocktakes', stocktakes],
  ['021_imports', imports],
  ['022_item_barcodes', itemBarcodes],
  ['023_webhooks', webhooks],
  ['024_reorder_and_valuation', reorderAndValuation],
  ['025_set_wise_hash_chain', setWiseHashChain],
  ['026_read_model_indexes', readModelIndexes],
  ['027_import_retention', importRetention],
  ['028_threshold_history', thresholdHistory],
  ['029_stock_updated_in_place', stockUpdatedInPlace],
];
