/**
 * The journal's line format. One line each, tab-separated, the record last (JSON has no raw tabs or
 * newlines in it):
 *   R <seq> <account> <region> <eventTimeMs> <record JSON>   a record, acknowledged once durable
 *   I <key> <seq,seq,…>                                      a log file is about to be written
 *   D <key>                                                  that log file is delivered
 */
export type JournalEntry =
  | { kind: 'R'; seq: number; accountId: string; region: string; eventTime: number; line: string }
  | { kind: 'I'; key: string; seqs: number[] }
  | { kind: 'D'; key: string };

export const recordLine = (seq: number, accountId: string, region: string, eventTime: number, json: string) =>
  `${recordLineHead(seq, accountId, region, eventTime)}${json}\n`;
/** A record's line up to its JSON (the line is this, the JSON, then `\n`). */
export const recordLineHead = (seq: number, accountId: string, region: string, eventTime: number) => `R\t${seq}\t${accountId}\t${region}\t${eventTime}\t`;
export const intentLine = (key: string, seqs: readonly number[]) => `I\t${key}\t${seqs.join(',')}\n`;
export const doneLine = (key: string) => `D\t${key}\n`;

/** Parse a segment's text; a torn or foreign line (a crash mid-write) is skipped. */
export function* parseJournal(text: string): Generator<JournalEntry> {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) break; // a last line without its newline was never acknowledged
    const line = text.slice(start, end);
    start = end + 1;
    const entry = parseLine(line);
    if (entry) yield entry;
  }
}

function parseLine(line: string): JournalEntry | undefined {
  const kind = line[0];
  if (kind === 'R') {
    const parts = splitN(line, 6);
    if (!parts) return undefined;
    const [, seq, accountId, region, time, json] = parts;
    if (!json!.startsWith('{') || !json!.endsWith('}')) return undefined;
    return { kind, seq: Number(seq), accountId: accountId!, region: region!, eventTime: Number(time), line: json! };
  }
  if (kind === 'I') {
    const parts = splitN(line, 3);
    if (!parts) return undefined;
    return { kind, key: parts[1]!, seqs: parts[2] === '' ? [] : parts[2]!.split(',').map(Number) };
  }
  if (kind === 'D') {
    const parts = splitN(line, 2);
    return parts ? { kind, key: parts[1]! } : undefined;
  }
  return undefined;
}

function splitN(line: string, n: number): string[] | undefined {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < n - 1; i++) {
    const tab = line.indexOf('\t', start);
    if (tab < 0) return undefined;
    out.push(line.slice(start, tab));
    start = tab + 1;
  }
  out.push(line.slice(start));
  return out;
}
