import { invalidParameter } from '../errors.js';

/**
 * List pagination the way ECS does it: an opaque `nextToken` while more remain, `maxResults` checked
 * against the operation's range. The token binds the operation so a token from another list is refused.
 */
export interface PageRequest {
  maxResults?: number | undefined;
  nextToken?: string | undefined;
}

export function paginate<T>(
  items: readonly T[],
  req: PageRequest,
  kind: string,
  defaultSize: number,
  maxSize = 100,
): { page: T[]; nextToken?: string } {
  const { maxResults, nextToken } = req;
  if (maxResults !== undefined && (maxResults < 1 || maxResults > maxSize || !Number.isInteger(maxResults))) {
    throw invalidParameter(`maxResults must be between 1 and ${maxSize}`);
  }
  const size = maxResults ?? defaultSize;
  let offset = 0;
  if (nextToken !== undefined && nextToken !== '') offset = decodeToken(nextToken, kind);
  const page = items.slice(offset, offset + size);
  const end = offset + page.length;
  return end < items.length ? { page, nextToken: encodeToken(kind, end) } : { page };
}

function encodeToken(kind: string, offset: number): string {
  return Buffer.from(JSON.stringify({ k: kind, o: offset })).toString('base64');
}

function decodeToken(token: string, kind: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { k?: unknown; o?: unknown };
    if (parsed.k === kind && typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) {
      return parsed.o;
    }
  } catch {
    // fall through
  }
  throw invalidParameter('Invalid token');
}
