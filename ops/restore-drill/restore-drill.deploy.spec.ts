import { runOps } from '../src/program';
import { runRestoreDrill } from './restore-drill';

describe('the restore drill', () => {
  it('restores a volume snapshot and a pg_dump on the embedded database, repairs, replays and verifies, and tells open clients to refetch', async () => {
    const lines: string[] = [];
    const report = await runRestoreDrill((line) => lines.push(line), runOps);

    expect(
      report.checks.filter((check) => !check.ok),
      lines.join('\n'),
    ).toEqual([]);
    expect(report.passed).toBe(true);
    expect(new Set(report.epochs).size).toBe(3);
    const held = report.checks.map((check) => check.what).join('\n');
    expect(held).toMatch(/repair-restore: nothing to repair in a volume snapshot, and a new store epoch/);
    expect(held).toMatch(/the events written after the snapshot are gone/);
    expect(held).toMatch(/the open tab resumed with the old epoch and was told to refetch/);
    expect(held).toMatch(
      /the app refuses to start on it \(exit [1-9]\d*\): all \d+ events carry transaction ids this cluster has not reached/,
    );
    expect(held).toMatch(/repair-restore moved every restored event's transaction id/);
    expect(held).toMatch(/reads during the replay: 0 failed, 0 empty lists/g);
    expect(held.match(/replay rebuilt and swapped in every projection while the app served/g)).toHaveLength(2);
    expect(lines.at(-1)?.trim()).toMatch(/^VERDICT: PASSED — (\d+) of \1 checks held$/);
  }, 900_000);
});
