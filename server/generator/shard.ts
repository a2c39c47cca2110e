import { ScenarioError } from './scenario.js';
import type { ScopeUnit } from './shard-units.js';

/** `--shard I/N`: the I-th of N shards, from 1. */
export interface ShardSpec {
  index: number;
  count: number;
}

const MAX_SHARDS = 10_000;

/** `3/8` → { index: 3, count: 8 }; undefined when it is not one of N (1 ≤ I ≤ N). */
export function parseShard(text: string): ShardSpec | undefined {
  const m = /^(\d{1,5})\/(\d{1,5})$/.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS || index < 1 || index > count) return undefined;
  return { index, count };
}

/**
 * What one shard generates: the calls of some scopes, and the log files and digests of those scopes
 * delivered in (from, to]. Scopes are dealt out whole while there are at least as many units as
 * shards; with fewer, units are also cut in time at digest-period ends, and a shard that writes a
 * later time range still makes every call of its scopes before it (without compressing or writing
 * their files) — the files' hashes and the earlier digests' signatures are what its first digest
 * chains to.
 */
export interface ShardPlan {
  spec: ShardSpec;
  /** `account/region` keys of the scopes whose calls this shard makes. */
  scopes: ReadonlySet<string>;
  /** Delivery times (files) and digest ends this shard writes: after `from`, up to and including `to`. */
  from: number;
  to: number;
  /** The slice in words, for the summary. */
  description: string;
}

export interface ShardRun {
  start: number;
  end: number;
  /** The end of the digest period `t` falls in (strictly after t). */
  periodEndAfter(t: number): number;
}

export function planShard(spec: ShardSpec, units: readonly ScopeUnit[], run: ShardRun): ShardPlan {
  const n = spec.count;
  if (units.length === 0 || n <= units.length) return dealUnits(spec, units);
  // Fewer units than shards: each unit gets time slices, in proportion to its expected events
  // (D'Hondt: the next slice goes to the unit with the most events per slice so far).
  const slices = units.map(() => 1);
  for (let extra = n - units.length; extra > 0; extra--) {
    let best = 0;
    for (let u = 1; u < units.length; u++) if (units[u]!.weight / slices[u]! > units[best]!.weight / slices[best]!) best = u;
    slices[best]!++;
  }
  let i = spec.index;
  for (const [u, unit] of units.entries()) {
    const count = slices[u]!;
    if (i > count) {
      i -= count;
      continue;
    }
    const bounds = timeBounds(run, count);
    if (!bounds) {
      const hours = periodEnds(run).length;
      throw new ScenarioError(
        `--shard ${spec.index}/${spec.count}: too many shards for this run: its ${units.length} account-region unit(s) ` +
          `can be cut at only ${hours} digest-period end(s) each, so at most ${units.length * (hours + 1)} shards`,
      );
    }
    const from = bounds[i - 1]!;
    const to = bounds[i]!;
    const range = `${Number.isFinite(from) ? ` after ${iso(from)}` : ''}${Number.isFinite(to) ? ` up to ${iso(to)}` : ''}`;
    return {
      spec,
      scopes: new Set(unit.scopes),
      from,
      to,
      description: `shard ${spec.index}/${spec.count}: ${unit.scopes.join(', ')}, ${range ? `files and digests delivered${range}` : 'the whole run'}`,
    };
  }
  throw new Error('unreachable: the slices add up to the shard count');
}

/** Whole units to shards, heaviest first, each to the shard with the fewest expected events so far. */
function dealUnits(spec: ShardSpec, units: readonly ScopeUnit[]): ShardPlan {
  const load = new Array<number>(spec.count).fill(0);
  const mine: string[] = [];
  const order = units.map((u, i) => ({ u, i })).sort((a, b) => b.u.weight - a.u.weight || a.i - b.i);
  for (const { u } of order) {
    let s = 0;
    for (let k = 1; k < load.length; k++) if (load[k]! < load[s]!) s = k;
    load[s]! += Math.max(u.weight, 1e-9);
    if (s === spec.index - 1) mine.push(...u.scopes);
  }
  mine.sort();
  return {
    spec,
    scopes: new Set(mine),
    from: -Infinity,
    to: Infinity,
    description: `shard ${spec.index}/${spec.count}: ${mine.length > 0 ? mine.join(', ') : 'no scope (the run has fewer)'}, the whole run`,
  };
}

/**
 * count+1 bounds, -Infinity … Infinity, cut at the digest-period ends nearest equal parts of the run
 * (each after the one before); undefined when the run has too few period ends.
 */
function timeBounds(run: ShardRun, count: number): number[] | undefined {
  const ends = periodEnds(run);
  if (count - 1 > ends.length) return undefined;
  const bounds = [-Infinity];
  let k = -1;
  for (let j = 1; j < count; j++) {
    const target = run.start + ((run.end - run.start) * j) / count;
    let next = k + 1;
    while (next < ends.length - (count - 1 - j) - 1 && ends[next]! < target) next++;
    k = next;
    bounds.push(ends[k]!);
  }
  bounds.push(Infinity);
  return bounds;
}

/** The digest-period ends inside the run. */
function periodEnds(run: ShardRun): number[] {
  const out: number[] = [];
  for (let t = run.periodEndAfter(run.start); t < run.end; t = run.periodEndAfter(t)) out.push(t);
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
