import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  fn: string;
  /** file:line, relative to the repository where it is ours or a dependency's. */
  where: string;
  selfMs: number;
  selfPct: number;
  totalMs: number;
  totalPct: number;
}

function where(url: string, line: number): string {
  if (!url) return '(native)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const rel = path.startsWith('/') ? relative(process.cwd(), path) : path;
  return `${rel.replace(/^.*node_modules\//, 'node_modules/')}:${line + 1}`;
}

/**
 * Self time (samples in the function itself) and total time (with its callees, each function
 * counted once per stack) per function of a V8 .cpuprofile, biggest first.
 */
export async function summarizeProfile(file: string, top = 25): Promise<{ totalMs: number; bySelf: HotSpot[]; ours: HotSpot[] }> {
  const p = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  p.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const key = (n: CpuNode) => `${n.callFrame.functionName || '(anonymous)'}\t${where(n.callFrame.url, n.callFrame.lineNumber)}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>): number => {
    const n = byId.get(id)!;
    // The profiler's own stop call (inspector Session.post) is not the server's work.
    if (n.callFrame.url === 'node:inspector') return 0;
    const k = key(n);
    let sum = selfUs.get(id) ?? 0;
    self.set(k, (self.get(k) ?? 0) + sum);
    const fresh = !onStack.has(k);
    if (fresh) onStack.add(k);
    for (const c of n.children ?? []) sum += walk(c, onStack);
    if (fresh) {
      onStack.delete(k);
      total.set(k, (total.get(k) ?? 0) + sum);
    }
    return sum;
  };
  const root = p.nodes[0]!;
  const allUs = walk(root.id, new Set());
  const busyUs = allUs - [...self.entries()].filter(([k]) => k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0);
  const spot = (k: string): HotSpot => {
    const [fn, at] = k.split('\t') as [string, string];
    const s = self.get(k) ?? 0;
    const t = total.get(k) ?? 0;
    return {
      fn,
      where: at,
      selfMs: Math.round(s / 100) / 10,
      selfPct: Math.round((s / busyUs) * 1000) / 10,
      totalMs: Math.round(t / 100) / 10,
      totalPct: Math.round((t / busyUs) * 1000) / 10,
    };
  };
  const keys = [...self.keys()].filter((k) => !k.startsWith('(idle)') && !k.startsWith('(root)'));
  const bySelf = keys.sort((a, b) => self.get(b)! - self.get(a)!).slice(0, top).map(spot);
  const ours = [...total.keys()]
    .filter((k) => /\t(dist\/)?(server|emulator|trail-writer)\//.test(k))
    .sort((a, b) => total.get(b)! - total.get(a)!)
    .slice(0, top)
    .map(spot);
  return { totalMs: Math.round(busyUs / 1000), bySelf, ours };
}

export function formatHotSpots(title: string, spots: HotSpot[]): string {
  const lines = [title, '  self%  total%  function  (where)'];
  for (const s of spots) lines.push(`  ${s.selfPct.toFixed(1).padStart(5)}  ${s.totalPct.toFixed(1).padStart(6)}  ${s.fn}  (${s.where})`);
  return lines.join('\n');
}
