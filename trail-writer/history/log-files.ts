import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzip as gunzipCb } from 'node:zlib';
import { promisify } from 'node:util';

const gunzip = promisify(gunzipCb);

/** A delivered log file found in the trail folder. */
export interface FoundLogFile {
  path: string;
  accountId: string;
  region: string;
}

const ACCOUNT_DIR = /^\d{12}$/;

/**
 * Every log file under `<root>/[prefix/]AWSLogs/<account>/CloudTrail/<region>/**.json.gz`, sorted by
 * name (names start with the delivery time). Digests live in `CloudTrail-Digest/` and are not listed.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html
 */
export async function findLogFiles(root: string, prefix: string | undefined): Promise<FoundLogFile[]> {
  const awsLogs = prefix ? join(root, ...prefix.split('/'), 'AWSLogs') : join(root, 'AWSLogs');
  const out: FoundLogFile[] = [];
  for (const accountId of await names(awsLogs)) {
    if (!ACCOUNT_DIR.test(accountId)) continue;
    const trailDir = join(awsLogs, accountId, 'CloudTrail');
    for (const region of await names(trailDir)) {
      const files: string[] = [];
      await walk(join(trailDir, region), files);
      files.sort();
      for (const path of files) out.push({ path, accountId, region });
    }
  }
  return out;
}

async function names(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch {
    return [];
  }
}

async function walk(dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) await walk(full, out);
    else if (e.isFile() && e.name.endsWith('.json.gz')) out.push(full);
  }
}

export async function readLogFileText(path: string): Promise<string> {
  return (await gunzip(await readFile(path))).toString('utf8');
}

/**
 * The records of a log file as the exact JSON text each has in the file, so that `CloudTrailEvent`
 * is the file's record byte for byte (re-serializing a parsed record could reorder integer-like keys
 * or change number spellings of files written elsewhere). Walks the text once, tracking strings and
 * nesting; falls back to JSON for a file of another shape.
 */
export function splitRecords(text: string): string[] {
  const start = /^\s*\{\s*"Records"\s*:\s*\[/.exec(text);
  if (!start) return reserialize(text);
  const out: string[] = [];
  let depth = 0;
  let inString = false;
  let from = -1;
  for (let i = start[0].length; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth === 0) from = i;
      depth++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (depth === 0) return out; // the end of "Records"
      depth--;
      if (depth === 0) out.push(text.slice(from, i + 1));
    }
  }
  return reserialize(text);
}

function reserialize(text: string): string[] {
  const doc = JSON.parse(text) as { Records?: unknown[] };
  return (doc.Records ?? []).map((r) => JSON.stringify(r));
}

/** A few recently read files' records, so that a page of events from one file reads it once. */
export class RecordFileCache {
  readonly #max: number;
  readonly #files = new Map<string, Promise<string[]>>();

  constructor(maxFiles = 8) {
    this.#max = maxFiles;
  }

  records(path: string): Promise<string[]> {
    let hit = this.#files.get(path);
    if (hit) {
      this.#files.delete(path);
    } else {
      hit = readLogFileText(path).then(splitRecords);
      hit.catch(() => this.#files.delete(path));
    }
    this.#files.set(path, hit);
    while (this.#files.size > this.#max) this.#files.delete(this.#files.keys().next().value!);
    return hit;
  }
}
