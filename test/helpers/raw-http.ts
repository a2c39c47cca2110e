import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything the server sent, for messages. */
  raw: string;
}

/**
 * Sends bytes on a fresh TCP connection and reads one HTTP response (up to its Content-Length, or
 * until the server closes). For requests no HTTP client would send.
 */
export function rawRequest(url: string, bytes: Buffer | string): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = Buffer.alloc(0);
    let done = false;
    const finish = () => {
      if (done) return;
      const parsed = parse(data);
      if (!parsed) return;
      done = true;
      socket.destroy();
      resolve(parsed);
    };
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const p = parse(data);
      if (p && p.headers['content-length'] !== undefined && Buffer.byteLength(p.body) >= Number(p.headers['content-length'])) finish();
    });
    socket.on('end', finish);
    socket.on('close', () => {
      finish();
      if (!done) reject(new Error(`connection closed with no response (${data.length} bytes: ${data.toString('latin1').slice(0, 200)})`));
    });
    // The server may refuse before reading everything we send: that is not an error here.
    socket.on('error', () => undefined);
    socket.write(bytes);
  });
}

function parse(data: Buffer): RawResponse | undefined {
  const text = data.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status, headers, body: text.slice(end + 4), raw: text };
}
