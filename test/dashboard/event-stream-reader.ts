/** Reads the dashboard's server-sent events the way a page's EventSource would, for tests. */
export interface EventStreamReader {
  /** The next event of this name whose data passes `accept` (events seen earlier count too). */
  next<T = any>(event: string, accept?: (data: T) => boolean): Promise<T>;
  /** The next event of this name that arrives after this call. */
  upcoming<T = any>(event: string): Promise<T>;
  /** How many events of this name have arrived so far. */
  count(event: string): number;
  close(): void;
}

interface Seen {
  event: string;
  data: unknown;
}

export async function openEventStream(url: string, failAfterMs = 15_000): Promise<EventStreamReader> {
  const abort = new AbortController();
  const res = await fetch(url, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
  if (!res.ok || !res.body) throw new Error(`event stream answered ${res.status}`);
  if (!res.headers.get('content-type')?.startsWith('text/event-stream')) throw new Error('not an event stream');
  const seen: Seen[] = [];
  const waiters = new Set<() => void>();
  void (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, end);
          buf = buf.slice(end + 2);
          let event = 'message';
          let data = '';
          for (const line of frame.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (data) seen.push({ event, data: JSON.parse(data) });
          for (const w of waiters) w();
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  const wait = <T>(event: string, accept: (data: T) => boolean, start: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
        let from = start;
        const check = () => {
          for (; from < seen.length; from++) {
            const s = seen[from]!;
            if (s.event === event && accept(s.data as T)) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(s.data as T);
              return;
            }
          }
        };
        // A bound on a hang, not a measurement: the events normally come within a second.
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no "${event}" event as expected`));
        }, failAfterMs);
        waiters.add(check);
        check();
    });
  return {
    next: <T>(event: string, accept: (data: T) => boolean = () => true) => wait<T>(event, accept, 0),
    upcoming: <T>(event: string) => wait<T>(event, () => true, seen.length),
    count: (event: string) => seen.filter((s) => s.event === event).length,
    close: () => abort.abort(),
  };
}
