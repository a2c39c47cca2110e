import { access } from 'node:fs/promises';
import { Journal } from './journal.js';
import { parseJournal } from './journal-lines.js';
import { pathUnder } from '../delivery/object-key.js';
import { removeStaleTemp } from '../delivery/write-object.js';

/** A record journaled by an earlier run that no log file holds. */
export interface UndeliveredRecord {
  seq: number;
  accountId: string;
  region: string;
  eventTime: number;
  line: string;
}

/**
 * Read an earlier run's journal segments: the records no log file holds yet (oldest first), and the
 * next free sequence number. A delivery intent whose file exists counts as delivered (the rename is
 * atomic, so a file that exists is whole); one whose file does not exist leaves its temporary file,
 * which goes.
 */
export async function readUndelivered(root: string, dir: string, segments: readonly number[]): Promise<{ undelivered: UndeliveredRecord[]; nextSeq: number }> {
  const records = new Map<number, UndeliveredRecord>();
  const intents = new Map<string, number[]>();
  const done = new Set<string>();
  for (const n of segments) {
    for (const e of parseJournal(await Journal.readSegment(dir, n))) {
      if (e.kind === 'R') records.set(e.seq, e);
      else if (e.kind === 'I') intents.set(e.key, e.seqs);
      else done.add(e.key);
    }
  }
  const delivered = new Set<number>();
  for (const [key, seqs] of intents) {
    let complete = done.has(key);
    if (!complete) {
      complete = await access(pathUnder(root, key)).then(() => true, () => false);
      if (!complete) await removeStaleTemp(pathUnder(root, key));
    }
    if (complete) for (const s of seqs) delivered.add(s);
  }
  const seqs = [...records.keys()].sort((a, b) => a - b);
  return {
    undelivered: seqs.filter((seq) => !delivered.has(seq)).map((seq) => records.get(seq)!),
    nextSeq: (seqs.at(-1) ?? -1) + 1,
  };
}
