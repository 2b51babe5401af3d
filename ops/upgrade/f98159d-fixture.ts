import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Client } from 'pg';

/** The database commit f98159d wrote (before locations), as `make-f98159d-fixture` dumped it; paths from the repository root. */
export const FIXTURE_DUMP = 'ops/upgrade/f98159d.sql.gz';
/** What f98159d answered about that database, recorded by the same script. */
export const FIXTURE_EXPECTED = 'ops/upgrade/f98159d.expected.json';

/** The fixture's users: test passwords, nothing secret. */
export const FIXTURE_USERS = {
  manager: { username: 'manager', password: 'fixture-manager-key-1' },
  staff: { username: 'storekeeper', password: 'fixture-staff-key-1' },
} as const;

/** An answer of f98159d's as it was recorded: the tests expect today's answer to hold all of it. */
type Recorded = Readonly<Record<string, unknown>>;

/** The fields of an old item answer that the tests choose by. */
export interface OldItemView extends Recorded {
  readonly id: string;
  readonly sku: string;
  readonly quantity: number;
  readonly archived: boolean;
}

export interface OldAnswers {
  /** Moments between the writes, for stock-at. */
  readonly instants: readonly string[];
  /** A movement sent with an Idempotency-Key, and f98159d's answer to it. */
  readonly keyed: {
    readonly key: string;
    readonly body: Recorded & { readonly itemId: string };
    readonly answer: { readonly movement: { readonly id: string } };
  };
  readonly list: { readonly items: readonly OldItemView[] };
  readonly items: readonly {
    readonly item: OldItemView;
    readonly history: { readonly entries: readonly Recorded[] };
    /** One per instant. */
    readonly stockAt: readonly { readonly quantity: number; readonly position: number | null }[];
  }[];
  readonly movements: { readonly movements: readonly Recorded[] };
  readonly alerts: readonly (Recorded & { readonly id: string; readonly itemId: string })[];
  readonly verify: { readonly ok: boolean; readonly checked: number };
}

export const readOldAnswers = (): OldAnswers => JSON.parse(readFileSync(FIXTURE_EXPECTED, 'utf8')) as OldAnswers;

/** Loads the dump into the empty database at `url`: plain SQL statements, so `pg` alone runs them. */
export async function loadFixture(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(gunzipSync(readFileSync(FIXTURE_DUMP)).toString('utf8'));
  } finally {
    await client.end();
  }
}
