import type { ManualClock } from '../../emulator/index.js';
import type { BulkTrailWriter } from '../../trail-writer/bulk/bulk-trail-writer.js';
import { DigestWriter } from '../../trail-writer/digest/digest-writer.js';
import { seededSigningKeyPem } from './seeded-signing-key.js';

/** The hourly digest files of a generated trail, written by the server's DigestWriter on the simulated clock. */
export interface DigestSink {
  readonly intervalMs: number;
  /** The end of the digest period that `t` falls in. */
  periodEndAfter(t: number): number;
  deliverDue(now: number): Promise<void>;
  close(): Promise<void>;
  readonly written: number;
}

export async function openDigests(o: {
  writer: BulkTrailWriter;
  clock: ManualClock;
  intervalMs: number;
  /** When the trail's log file validation started: digest periods are counted from it. */
  validationStartedAt: number;
  seed: string;
  homeRegion: string;
  prefix?: string | undefined;
  /** Whether a scope's digest ending at `end` is written or only made (see DigestWriterOptions.writes). */
  writes?: ((accountId: string, region: string, end: number) => boolean) | undefined;
}): Promise<DigestSink> {
  // Made while the calls go on; the writer waits for it at the first digest (and reports a failure there).
  const signingKeyPem = seededSigningKeyPem(o.seed);
  signingKeyPem.catch(() => undefined);
  const digests = await DigestWriter.open({
    root: o.writer.root,
    prefix: o.prefix,
    stateDir: o.writer.stateDir,
    source: o.writer,
    clock: o.clock,
    intervalMs: o.intervalMs,
    validationStartedAt: o.validationStartedAt,
    homeRegion: o.homeRegion,
    // A random key would make every signature differ between two runs of the same seed.
    signingKeyPem,
    timers: false,
    durable: false,
    writes: o.writes,
  });
  return {
    intervalMs: o.intervalMs,
    periodEndAfter: (t) => digests.periodEndAfter(t),
    deliverDue: (now) => digests.deliverDue(now),
    close: () => digests.close(),
    get written() {
      return digests.stats.digestsWritten;
    },
  };
}
