import type { LoadResult } from './load.js';
import type { MemoryResult } from './memory.js';

export interface Ratio {
  workload: string;
  connections: number;
  stage: string;
  /** emulator req/s ÷ baseline req/s */
  rps: number;
  /** emulator p99 ÷ baseline p99 */
  p99: number;
  /** emulator main-thread CPU per answer ÷ baseline's (else the whole process's), when both were measured */
  cpu?: number;
}

const sameRun = (a: LoadResult, b: LoadResult) => a.workload === b.workload && a.connections === b.connections && a.stage === b.stage;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Emulator ÷ baseline for each (workload, connections, stage) both servers ran. */
export function ratios(loads: LoadResult[]): Ratio[] {
  const out: Ratio[] = [];
  for (const e of loads.filter((l) => l.server === 'emulator')) {
    const b = loads.find((l) => l.server === 'baseline' && sameRun(l, e));
    if (!b) continue;
    out.push({
      workload: e.workload,
      connections: e.connections,
      stage: e.stage,
      rps: round2(e.rps / b.rps),
      p99: round2(e.p99 / b.p99),
      ...(e.mainCpuUs && b.mainCpuUs
        ? { cpu: round2(e.mainCpuUs / b.mainCpuUs) }
        : e.serverCpuUs && b.serverCpuUs
          ? { cpu: round2(e.serverCpuUs / b.serverCpuUs) }
          : {}),
    });
  }
  return out;
}

/** Issue 16's throughput goals: req/s ratio at least this much of the baseline's, at 50 connections. */
export const RPS_GOALS: Record<string, number> = { 'read-heavy': 0.6, 'write-heavy': 0.4 };
/** …and p99 at most this multiple of the baseline's. */
export const P99_GOAL = 2;
export const TARGET_CONNECTIONS = 50;

export interface TargetCheck {
  target: string;
  measured: string;
  pass: boolean;
  /** Reported beside the targets, not one of them (1 and 8 connections). */
  reportOnly: boolean;
}

/** Pass/fail per target: each workload's req/s and p99 ratios at 50 connections, fresh and after the growth; the others reported. */
export function checkTargets(rs: Ratio[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  for (const r of rs) {
    const goal = RPS_GOALS[r.workload];
    if (goal === undefined) continue;
    const reportOnly = r.connections !== TARGET_CONNECTIONS;
    const where = `${r.workload}, ${r.connections} conn, ${r.stage}`;
    out.push({ target: `${where}: req/s ≥ ${goal} × baseline`, measured: `${r.rps.toFixed(2)}×`, pass: r.rps >= goal, reportOnly });
    out.push({ target: `${where}: p99 ≤ ${P99_GOAL} × baseline`, measured: `${r.p99.toFixed(2)}×`, pass: r.p99 <= P99_GOAL, reportOnly });
  }
  return out;
}

export function formatTargets(checks: TargetCheck[]): string {
  const line = (c: TargetCheck) => `  ${c.pass ? 'PASS' : 'FAIL'}  ${c.target.padEnd(64)} ${c.measured}`;
  const targets = checks.filter((c) => !c.reportOnly);
  const reported = checks.filter((c) => c.reportOnly);
  const out = [`targets (issue 16; ${targets.filter((c) => c.pass).length}/${targets.length} pass):`, ...targets.map(line)];
  if (reported.length) out.push('reported beside them (same thresholds, not targets):', ...reported.map(line));
  return out.join('\n');
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function formatTable(loads: LoadResult[], rs: Ratio[]): string {
  const head = ['workload', 'conn', 'stage', 'server', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'err', 'server µs/call', 'main µs/call', 'client µs/call', 'emu/base req/s', 'emu/base p99', 'emu/base cpu'];
  const rows = loads.map((l) => {
    const r = l.server === 'emulator' ? rs.find((x) => x.workload === l.workload && x.connections === l.connections && x.stage === l.stage) : undefined;
    return [
      l.workload,
      String(l.connections),
      l.stage,
      l.server,
      String(l.rps),
      l.p50.toFixed(2),
      l.p99.toFixed(2),
      l.max.toFixed(1),
      String(l.non2xx),
      String(l.errors),
      l.serverCpuUs === undefined ? '' : String(l.serverCpuUs),
      l.mainCpuUs === undefined ? '' : String(l.mainCpuUs),
      String(l.clientCpuUs),
      r ? r.rps.toFixed(2) : '',
      r ? r.p99.toFixed(2) : '',
      r?.cpu !== undefined ? r.cpu.toFixed(2) : '',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
  const failing = loads.flatMap((l) =>
    Object.entries(l.byOperation)
      .filter(([, t]) => t.non2xx > 0)
      .map(([op, t]) => `  ${l.server} ${l.workload} ${l.connections} conn ${l.stage} ${op}: ${t.non2xx}/${t.answers} not 2xx, first: ${t.firstError ?? '?'}`),
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
