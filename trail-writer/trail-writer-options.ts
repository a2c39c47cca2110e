import type { CallRecord } from './call-record.js';
import type { RecordFields } from './record/build-record.js';

/** What a TrailWriter is given, and what it tells its listeners. */
export interface TrailClock {
  now(): number;
}
export interface TrailIds {
  uuid(): string;
  alphanumeric(length: number): string;
}

export interface TrailLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface TrailWriterOptions {
  /** The trail folder: laid out like the S3 bucket CloudTrail delivers to. */
  root: string;
  /** An S3 key prefix inside the folder, as a trail's `S3KeyPrefix`. */
  prefix?: string | undefined;
  /** Where the journal lives; default `<root>/.ecs-trail`. */
  stateDir?: string | undefined;
  clock: TrailClock;
  ids: TrailIds;
  /** Delivery window; CloudTrail delivers about every 5 minutes. */
  windowMs?: number | undefined;
  /** A batch this large is delivered at once, in its own file (real windows often hold several files). */
  maxRecordsPerFile?: number | undefined;
  /** Start a new journal segment past this size (one also starts at each delivery). */
  journalSegmentBytes?: number | undefined;
  /**
   * Backpressure: the most bytes of records that may wait for delivery (held in memory and in the
   * journal). Past half of it everything pending is delivered at once; past all of it new calls are
   * refused (ServerException) until deliveries succeed again. Default 64 MiB.
   */
  maxUndeliveredBytes?: number | undefined;
  /** The folder lock's heartbeat and staleness (see FolderLock); for tests. */
  lockHeartbeatMs?: number | undefined;
  lockStaleMs?: number | undefined;
  /**
   * false: keep no journal — a record is only in memory until its file is delivered. For in-process
   * generation (`ecs-trail generate`), where a crash means running again, not losing acknowledged calls.
   */
  durable?: boolean | undefined;
  /**
   * false: a journaled record counts as written once it is in the journal file, without an fsync (see
   * Journal): a kill -9 still loses nothing, a power loss or OS crash may lose the last seconds.
   * Default true.
   */
  fsync?: boolean | undefined;
  /** Run a timer that delivers each window when it ends (the server). The generator drives deliverDue(). */
  timers?: boolean | undefined;
  logger?: TrailLogger | undefined;
  /** How the operator picks another folder, for the error an unwritable one gives (e.g. `--trail-dir`). */
  folderOption?: string | undefined;
}

/** A log file that has just been delivered. */
export interface DeliveredLogFile {
  key: string;
  path: string;
  accountId: string;
  region: string;
  /** The time in the file name (ms). */
  deliveredAt: number;
  /** The clock's time when the batch was taken for delivery (the window's end, a flush, a full batch). */
  takenAt: number;
  records: number;
  /** hex SHA-256 of the uncompressed content (what a digest lists). */
  sha256: string;
  oldestEventTime: number;
  newestEventTime: number;
  /** The records' sequence numbers (as JournaledRecord.seq), in file order. */
  readonly seqs: readonly number[];
  /**
   * The records' JSON, for subscribers such as event history: decoded when first read, and readable
   * only during the listener call (the file's memory is reused once every listener has returned).
   */
  readonly lines: readonly string[];
}

export type DeliveryListener = (file: DeliveredLogFile) => void | Promise<void>;

/** A record just made durable, before any file holds it (event history shows it at once). */
export interface JournaledRecord {
  /** The writer's sequence number of the record (`DeliveredLogFile.seqs` names it again once delivered). */
  seq: number;
  accountId: string;
  region: string;
  eventTime: number;
  json: string;
  /** The call the record was written from. Do not change it. */
  call: Readonly<CallRecord>;
  /** What the record shows of the call (redacted parameters, response, resources). Do not change it. */
  fields: Readonly<RecordFields>;
  /** The same record as an object, made when first read (listeners need not parse `json`). Do not change it. */
  readonly record: Readonly<Record<string, unknown>>;
}

export type RecordListener = (record: JournaledRecord) => void;
