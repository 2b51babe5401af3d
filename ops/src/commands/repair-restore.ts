import type { Pool } from 'pg';
import { countFutureEvents, repairFutureTransactionIds, readEpoch, renewEpoch } from '../../../backend/src/event-store';
import { EXIT } from '../common/ops-error';
import { print, type Terminal } from '../common/terminal';

/**
 * `repair-restore`: run after restoring a backup of either kind. A logical dump restored into a
 * fresh cluster carries transaction ids this cluster has not reached, which readers cannot see:
 * they are moved below its counter (in small committed batches, resumable). Either way the store
 * gets a new epoch, because positions clients saw after the backup are given out again: a client
 * resuming with the old epoch is told to refetch.
 */
export async function repairRestore(pool: Pool, terminal: Terminal): Promise<number> {
  const before = await readEpoch(pool);
  const future = await countFutureEvents(pool);
  if (future > 0) {
    print(terminal.out, `${future} events carry transaction ids from another cluster: repairing`);
    let reported = 0;
    const repaired = await repairFutureTransactionIds(pool, (progress) => {
      if (progress.repaired - reported >= 50_000 || progress.remaining === 0) {
        reported = progress.repaired;
        print(terminal.err, `  ${progress.repaired} repaired, ${progress.remaining} to go`);
      }
    });
    print(terminal.out, `repaired ${repaired} events: every event is readable again, in its original order`);
  } else {
    print(terminal.out, 'no transaction ids to repair (a volume snapshot, or already repaired)');
  }
  const after = (await readEpoch(pool)).epoch === before.epoch ? await renewEpoch(pool, 'restored from a backup') : await readEpoch(pool);
  print(terminal.out, `store epoch ${before.epoch} -> ${after.epoch}: connected clients will be told to refetch`);
  return EXIT.ok;
}
