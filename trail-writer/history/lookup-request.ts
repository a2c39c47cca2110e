import { createHash } from 'node:crypto';
import {
  invalidEventCategory,
  invalidLookupAttributes,
  invalidMaxResults,
  invalidNextToken,
  invalidTimeRange,
  serialization,
} from './lookup-error.js';

/**
 * A LookupEvents request, checked. Limits from the CloudTrail API Reference pages "LookupEvents" and
 * "LookupAttribute": at most one attribute, eight keys, values of 1–2000 characters where `_`, space,
 * `,` and newline count twice, MaxResults 1–50 (default 50), EventCategory only `insight`, and a
 * NextToken usable only with the parameters it was issued for.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupAttribute.html
 */
export interface LookupQuery {
  attribute: { key: string; value: string } | undefined;
  /** Epoch seconds, inclusive. */
  startTime: number | undefined;
  endTime: number | undefined;
  insights: boolean;
  maxResults: number;
  /** Resume strictly before this (time, row) position. */
  after: { time: number; row: number } | undefined;
  /** Binds a NextToken to the parameters, account and region it came from. */
  fingerprint: string;
}

export const ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;

const MAX_RESULTS = 50;

export function parseLookupRequest(input: Record<string, unknown>, accountId: string, region: string): LookupQuery {
  const attribute = parseAttributes(input.LookupAttributes);
  const startTime = parseTime('StartTime', input.StartTime);
  const endTime = parseTime('EndTime', input.EndTime);
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) throw invalidTimeRange();
  const category = input.EventCategory;
  if (category !== undefined && category !== null && category !== 'insight') throw invalidEventCategory(category);
  let maxResults = MAX_RESULTS;
  if (input.MaxResults !== undefined && input.MaxResults !== null) {
    if (typeof input.MaxResults !== 'number') throw serialization('MaxResults', 'a number');
    if (!Number.isInteger(input.MaxResults) || input.MaxResults < 1 || input.MaxResults > MAX_RESULTS) {
      throw invalidMaxResults(input.MaxResults);
    }
    maxResults = input.MaxResults;
  }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([accountId, region, attribute ?? null, startTime ?? null, endTime ?? null, category ?? null]))
    .digest('base64url')
    .slice(0, 16);
  let after: LookupQuery['after'];
  if (input.NextToken !== undefined && input.NextToken !== null) {
    if (typeof input.NextToken !== 'string') throw serialization('NextToken', 'a string');
    after = decodeToken(input.NextToken, fingerprint);
  }
  return { attribute, startTime, endTime, insights: category === 'insight', maxResults, after, fingerprint };
}

function parseAttributes(v: unknown): LookupQuery['attribute'] {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw serialization('LookupAttributes', 'a list');
  if (v.length === 0) return undefined;
  if (v.length > 1) throw invalidLookupAttributes('You can specify only one lookup attribute.');
  const a = v[0] as Record<string, unknown> | null;
  if (!a || typeof a !== 'object') throw serialization('LookupAttributes member', 'a structure');
  const key = a.AttributeKey;
  if (typeof key !== 'string' || !(ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
    throw invalidLookupAttributes(
      `Lookup attribute key ${JSON.stringify(key ?? null)} is not valid. Valid keys: ${ATTRIBUTE_KEYS.join(', ')}.`,
    );
  }
  const value = a.AttributeValue;
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidLookupAttributes('Lookup attribute value is not valid: it must be 1 to 2000 characters long.');
  }
  // '_', ' ', ',' and '\n' count as two characters (LookupAttribute page).
  const weight = value.length + (value.match(/[_ ,\n]/g)?.length ?? 0);
  if (weight > 2000) {
    throw invalidLookupAttributes('Lookup attribute value is not valid: it must be 1 to 2000 characters long.');
  }
  return { key, value };
}

/** awsJson timestamps are epoch seconds; a Date or an ISO string is accepted from in-process callers. */
function parseTime(member: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  let seconds: number;
  if (typeof v === 'number') seconds = v;
  else if (v instanceof Date) seconds = v.getTime() / 1000;
  else if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) seconds = Number(v);
  else if (typeof v === 'string') seconds = Date.parse(v) / 1000;
  else throw serialization(member, 'a timestamp');
  if (!Number.isFinite(seconds)) throw serialization(member, 'a timestamp');
  if (seconds < 0) throw invalidTimeRange(`${member} is outside the range of possible values.`);
  return seconds;
}

/** Opaque to callers: a position in the newest-first walk plus the parameters' fingerprint. */
export function encodeToken(time: number, row: number, fingerprint: string): string {
  return Buffer.from(`1.${time}.${row}.${fingerprint}`).toString('base64url');
}

function decodeToken(token: string, fingerprint: string): { time: number; row: number } {
  const parts = Buffer.from(token, 'base64url').toString('utf8').split('.');
  if (parts.length !== 4 || parts[0] !== '1' || parts[3] !== fingerprint) throw invalidNextToken();
  const time = Number(parts[1]);
  const row = Number(parts[2]);
  if (!Number.isSafeInteger(time) || !Number.isSafeInteger(row) || time < 0 || row < 0) throw invalidNextToken();
  return { time, row };
}
