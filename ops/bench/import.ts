import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { migrateToLatest } from '../../db/src/migrate';
import { startBenchCluster } from './bench-database';
import { BENCH_MANAGER_PASSWORD, startBenchServer } from './bench-server';
import { post } from './commands';
import { printHeadline, printTable } from './present';

/**
 * A spreadsheet import through the whole HTTP stack: a file of new items, each with units at two
 * locations (one ItemChanged and one ADJUST each), uploaded for a preview (POST /api/imports: parse,
 * read every SKU's stream, decide, keep the plan), then applied (POST /api/imports/:id/apply: every
 * event in one multi-stream transaction), then the same file previewed again (every row unchanged).
 * `npm run bench -- import [rows]`. Goals on this 2-core machine: preview ≤ 2 s, apply ≤ 10 s.
 */
const rows = Number(process.argv[3] ?? 10_000);
const PREVIEW_GOAL_S = 2;
const APPLY_GOAL_S = 10;

interface Preview {
  readonly id: string;
  readonly summary: { readonly create: number; readonly unchanged: number; readonly error: number; readonly events: number };
}

function itemsFile(count: number): Buffer {
  const lines = ['sku,name,description,unit,price,lowStockThreshold,quantity:MAIN,quantity:BENCH-B'];
  for (let n = 0; n < count; n += 1)
    lines.push(`BENCH-${n},Item ${n},"Bench item, number ${n}",pcs,${(n % 1000) / 10},5,${n % 50},${(n % 7) + 1}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

async function seconds<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

/** The API process's peak resident memory so far, in MiB (Linux: VmHWM), to show an apply of the largest file fits. */
function peakRssMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error('bench: no VmHWM for the API process');
  return Number(kib) / 1024;
}

/** The preview of `file`, read once the read models hold the write at `after` (the location it names). */
async function upload(baseUrl: string, token: string, file: Buffer, after: number): Promise<Preview> {
  const form = new FormData();
  form.append('file', new Blob([file]), 'bench.csv');
  const response = await fetch(`${baseUrl}/api/imports?kind=items`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-min-position': String(after) },
    body: form,
  });
  if (response.status !== 201) throw new Error(`the preview answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Preview;
}

export async function run(): Promise<void> {
  const cluster = await startBenchCluster();
  try {
    const url = await cluster.database('imports');
    await migrateToLatest(url);
    const server = await startBenchServer(url);
    try {
      const { accessToken } = await post<{ accessToken: string }>(`${server.baseUrl}/api/auth/login`, undefined, {
        username: 'manager',
        password: BENCH_MANAGER_PASSWORD,
      });
      const location = await post<{ position: number }>(`${server.baseUrl}/api/locations`, accessToken, {
        code: 'BENCH-B',
        name: 'Bench B',
      });
      const file = itemsFile(rows);
      const [preview, previewS] = await seconds(() => upload(server.baseUrl, accessToken, file, location.position));
      if (preview.summary.create !== rows) throw new Error(`bench: the preview creates ${preview.summary.create} of ${rows} rows`);
      const [applied, applyS] = await seconds(() =>
        post<{ events: number; position: number }>(`${server.baseUrl}/api/imports/${preview.id}/apply`, accessToken, {}),
      );
      const peakMiB = peakRssMiB(server.child.pid);
      const [again, unchangedS] = await seconds(() => upload(server.baseUrl, accessToken, file, applied.position));
      if (again.summary.unchanged !== rows)
        throw new Error(`bench: the second preview finds ${again.summary.unchanged} of ${rows} rows unchanged`);
      console.log(
        `\nimport benchmark — ${rows.toLocaleString('en')} new items (${(file.length / 1024).toFixed(0)} KiB CSV), 2 locations each, durable embedded PostgreSQL`,
      );
      console.log(
        `machine: ${cpus().length} cores, load average ${loadavg()
          .map((n) => n.toFixed(1))
          .join(' ')} (other work on it slows every figure)`,
      );
      printTable(
        ['step', 'seconds', 'goal'],
        [
          ['preview (new items)', previewS.toFixed(2), `≤ ${PREVIEW_GOAL_S} s: ${previewS <= PREVIEW_GOAL_S ? 'met' : 'not met'}`],
          [
            `apply (${applied.events.toLocaleString('en')} events, one transaction)`,
            applyS.toFixed(2),
            `≤ ${APPLY_GOAL_S} s: ${applyS <= APPLY_GOAL_S ? 'met' : 'not met'}`,
          ],
          ['preview again (all unchanged)', unchangedS.toFixed(2), ''],
        ],
      );
      console.log(`API process peak RSS through the preview and the apply: ${peakMiB.toFixed(0)} MiB`);
      printHeadline({
        rows,
        previewSeconds: previewS,
        applySeconds: applyS,
        appliedEvents: applied.events,
        unchangedPreviewSeconds: unchangedS,
        apiPeakRssMiB: peakMiB,
      });
    } finally {
      await server.stop();
    }
  } finally {
    await cluster.close();
  }
}
