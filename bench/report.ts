import type { LoadResult } from './load.js';
import type { MemoryResult } from './memory.js';

export interface Ratio {
  workload: string;
  /** emulator req/s ÷ baseline req/s */
  rps: number;
  /** emulator p99 ÷ baseline p99 */
  p99: number;
}

export function ratios(loads: LoadResult[]): Ratio[] {
  const out: Ratio[] = [];
  for (const e of loads.filter((l) => l.server === 'emulator')) {
    const b = loads.find((l) => l.server === 'baseline' && l.workload === e.workload);
    if (!b) continue;
    out.push({
      workload: e.workload,
      rps: Math.round((e.rps / b.rps) * 100) / 100,
      p99: Math.round((e.p99 / b.p99) * 100) / 100,
    });
  }
  return out;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function formatTable(loads: LoadResult[], rs: Ratio[]): string {
  const head = ['workload', 'server', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'conn err', 'emu/base req/s', 'emu/base p99'];
  const rows = loads.map((l) => {
    const r = l.server === 'emulator' ? rs.find((x) => x.workload === l.workload) : undefined;
    return [
      l.workload,
      l.server,
      String(l.rps),
      l.p50.toFixed(2),
      l.p99.toFixed(2),
      l.max.toFixed(1),
      String(l.non2xx),
      String(l.errors),
      r ? r.rps.toFixed(2) : '',
      r ? r.p99.toFixed(2) : '',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
  const failing = loads.flatMap((l) =>
    Object.entries(l.byOperation)
      .filter(([, t]) => t.non2xx > 0)
      .map(([op, t]) => `  ${l.server} ${l.workload} ${op}: ${t.non2xx}/${t.answers} not 2xx, first: ${t.firstError ?? '?'}`),
  );
  if (failing.some((f) => f.includes(' emulator '))) {
    out.push('', 'Error answers (the emulator figures for this workload do not measure the finished operations):');
  } else if (failing.length) out.push('', 'Error answers:');
  out.push(...failing);
  return out.join('\n');
}

export function formatMemory(m: MemoryResult): string {
  return (
    `memory after ${m.calls.toLocaleString('en')} recorded calls${m.calls < m.requested ? ` (time cap hit before ${m.requested.toLocaleString('en')})` : ''} (in-process, ${m.callsPerSecond}/s, ${m.seconds} s): ` +
    `RSS ${mb(m.rssBefore)} → ${mb(m.rssAfter)} (peak ${mb(m.rssPeak)}), heap used ${mb(m.heapUsedAfter)}; ` +
    `non-200 ${m.non200}; trail ${m.trail.recordsWritten} records, ${m.trail.filesDelivered} files, ${m.trail.pending} pending`
  );
}
