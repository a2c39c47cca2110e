import { parseDuration, parseInstant } from './durations.js';
import { ScenarioError, type Scenario } from './scenario.js';

/** What `runGenerator` takes and returns, and how a run's span is settled. */
export interface GenerateOptions {
  scenario: Scenario;
  seed: string | number;
  /** The trail folder to write; must be empty or not exist. */
  outDir: string;
  /** Override the scenario's start / end (ms). */
  start?: number | undefined;
  end?: number | undefined;
  durationMs?: number | undefined;
  /** Account of actors that name none, instead of the scenario's `accountId`. */
  accountId?: string | undefined;
  /** Region of actors and steps that name none, instead of the scenario's `regions`. */
  region?: string | undefined;
  /** An identities file (as the server's --identities) that actors may name by accessKeyId. */
  identitiesFile?: string | undefined;
  trailPrefix?: string | undefined;
  tlsDetails?: boolean | undefined;
  /** The events AWS adds for ECS's work, instead of the scenario's `serviceEvents` (default on). */
  serviceEvents?: boolean | undefined;
  sourceIp?: string | undefined;
  /** Stop after this many events (benchmarks). */
  maxEvents?: number | undefined;
  /**
   * How many windows' files may be on their way (compressed, written) while calls go on; default 3.
   * More overlaps more, at a window's records more memory each; the output is the same for any value.
   */
  deliveriesInFlight?: number | undefined;
  onProgress?: ((p: GenerateProgress) => void) | undefined;
  /** Stop early (Ctrl-C): the run throws GenerationInterrupted after removing what it wrote. */
  signal?: AbortSignal | undefined;
}

export interface GenerateProgress {
  events: number;
  /** Simulated time reached, and the run's span. */
  now: number;
  start: number;
  end: number;
}

export interface FlaggedEvent {
  step: string;
  flag: string;
  eventName: string;
  eventId: string;
  eventTime: string;
  region: string;
  actor: string;
  errorCode?: string | undefined;
}

export interface GenerateSummary {
  name?: string | undefined;
  seed: string;
  start: number;
  end: number;
  events: number;
  firstEventTime?: number | undefined;
  lastEventTime?: number | undefined;
  logFiles: number;
  digestFiles: number;
  byOperation: Record<string, number>;
  byError: Record<string, number>;
  byActor: Record<string, number>;
  flagged: FlaggedEvent[];
}

/** Without start, end or duration anywhere: a fixed Monday, so a run is still reproducible. */
export const DEFAULT_START = '2025-01-06T00:00:00Z';
const DEFAULT_DURATION_MS = 24 * 3600 * 1000;

export function resolveSpan(scenario: Scenario, o: Pick<GenerateOptions, 'start' | 'end' | 'durationMs'>): { start: number; end: number } {
  const scenarioStart = scenario.start !== undefined ? parseInstant(scenario.start)! : undefined;
  const start = o.start ?? scenarioStart ?? parseInstant(DEFAULT_START)!;
  let end: number;
  if (o.end !== undefined) end = o.end;
  else if (o.durationMs !== undefined) end = start + o.durationMs;
  else if (scenario.duration !== undefined) end = start + parseDuration(scenario.duration)!;
  else if (scenario.end !== undefined) {
    // A --start moves the whole scenario; its length stays.
    end = o.start !== undefined && scenarioStart !== undefined ? o.start + (parseInstant(scenario.end)! - scenarioStart) : parseInstant(scenario.end)!;
  } else end = start + DEFAULT_DURATION_MS;
  if (!(end > start)) throw new ScenarioError(`the run ends (${new Date(end).toISOString()}) before it starts (${new Date(start).toISOString()})`);
  return { start, end };
}
