import { relative, sep } from 'node:path';
import { findLogFiles, readLogFileText } from './history/log-files.js';

/** A CloudTrail record as it is in a log file (eventVersion 1.11 fields). */
export type TrailRecord = Record<string, any>;

export interface ReadTrailOptions {
  /** The trail's S3 key prefix (`--trail-prefix`), if it has one. */
  prefix?: string | undefined;
  /** Only this account's log files. */
  accountId?: string | undefined;
  /** Only this region's log files. */
  region?: string | undefined;
}

export interface TrailLogFile {
  /** The object key inside the trail folder, e.g. `AWSLogs/123456789012/CloudTrail/us-east-1/…json.gz`. */
  key: string;
  accountId: string;
  region: string;
  records: TrailRecord[];
}

/**
 * Every delivered log file of a trail folder with its records, in delivery order (file names start
 * with the delivery time). Records still waiting for their delivery window are not in a file yet:
 * flush the emulator first (`RunningEmulator.flush()`, `POST /_ecs-trail/flush`).
 */
export async function readTrailFiles(trailDir: string, options: ReadTrailOptions = {}): Promise<TrailLogFile[]> {
  const out: TrailLogFile[] = [];
  for (const file of await findLogFiles(trailDir, options.prefix)) {
    if (options.accountId !== undefined && file.accountId !== options.accountId) continue;
    if (options.region !== undefined && file.region !== options.region) continue;
    const doc = JSON.parse(await readLogFileText(file.path)) as { Records?: TrailRecord[] };
    out.push({
      key: relative(trailDir, file.path).split(sep).join('/'),
      accountId: file.accountId,
      region: file.region,
      records: doc.Records ?? [],
    });
  }
  return out;
}

/** Every record of every delivered log file of a trail folder, file by file (see readTrailFiles). */
export async function readTrail(trailDir: string, options: ReadTrailOptions = {}): Promise<TrailRecord[]> {
  return (await readTrailFiles(trailDir, options)).flatMap((f) => f.records);
}
