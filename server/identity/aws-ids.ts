import { createHash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * IAM-style unique ids (`AKIA…`, `ASIA…`, `AIDA…`, `AROA…`) that encode an account id the way modern
 * AWS ids do: the first 6 bytes after the prefix hold the account id shifted left by 7 bits
 * (cloudtrail-research.md §2.4). The rest is derived from `seed`, so the same seed gives the same id.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 */
export function awsId(prefix: string, accountId: string, seed: string, length = 20): string {
  const hash = createHash('sha256').update(`${prefix}:${accountId}:${seed}`).digest();
  const bytes = Buffer.alloc(11);
  const encoded = (BigInt(accountId) << 7n) | BigInt(hash[0]! & 0x7f);
  for (let i = 5; i >= 0; i--) bytes[i] = Number((encoded >> BigInt((5 - i) * 8)) & 0xffn);
  hash.copy(bytes, 6, 1, 6);
  return (prefix + base32(bytes)).slice(0, length);
}

/** The account id an `awsId` encodes (also works for real modern ids). */
export function accountOfId(id: string): string | undefined {
  const body = id.slice(4, 20);
  if (body.length < 10) return undefined;
  let bits = 0n;
  for (const ch of body.slice(0, 10)) {
    const v = BASE32.indexOf(ch);
    if (v < 0) return undefined;
    bits = (bits << 5n) | BigInt(v);
  }
  const first6 = bits >> 2n; // 50 bits → the first 48
  return String((first6 & 0x7fffffffff80n) >> 7n).padStart(12, '0');
}

function base32(bytes: Buffer): string {
  let out = '';
  let acc = 0;
  let n = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    n += 8;
    while (n >= 5) {
      out += BASE32[(acc >> (n - 5)) & 31];
      n -= 5;
    }
    acc &= (1 << n) - 1;
  }
  if (n > 0) out += BASE32[(acc << (5 - n)) & 31];
  return out;
}
