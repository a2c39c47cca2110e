import { checkPrime, createPrivateKey } from 'node:crypto';
import { promisify } from 'node:util';
import { Random } from './random.js';

/**
 * An RSA-2048 key pair derived from the seed, to sign generated digests: Node cannot seed its key
 * generator, and a random key would make two runs with the same seed differ in every digest
 * signature. Only for fixtures — anyone who knows the seed knows the key.
 *
 * The primality tests (most of the cost, some 70 ms) run on libuv's pool, so a run starts making
 * calls at once and the key is ready by the first digest (the digest writer waits for it if not).
 */
export async function seededSigningKeyPem(seed: string | number): Promise<string> {
  const random = new Random(seed, 'digest-signing-key');
  const e = 65537n;
  let p: bigint;
  let q: bigint;
  do {
    p = await prime(random, 1024);
    q = await prime(random, 1024);
  } while (p === q || gcd(e, (p - 1n) * (q - 1n)) !== 1n);
  if (p < q) [p, q] = [q, p];
  const n = p * q;
  const d = modInverse(e, (p - 1n) * (q - 1n));
  const jwk = {
    kty: 'RSA',
    n: b64u(n),
    e: b64u(e),
    d: b64u(d),
    p: b64u(p),
    q: b64u(q),
    dp: b64u(d % (p - 1n)),
    dq: b64u(d % (q - 1n)),
    qi: b64u(modInverse(q, p)),
  };
  return createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }).toString();
}

const SMALL_PRIMES: number[] = (() => {
  const out: number[] = [];
  for (let n = 3; out.length < 2000; n += 2) if (out.every((p) => n % p !== 0)) out.push(n);
  return out;
})();

const isPrime = promisify(checkPrime) as (candidate: bigint, options: { checks: number }) => Promise<boolean>;

/** A random `bits`-bit prime: the first one at or after a random odd start (residues sieve cheaply). */
async function prime(random: Random, bits: number): Promise<bigint> {
  let base = 0n;
  for (let i = 0; i < bits; i += 32) base = (base << 32n) | BigInt(Math.floor(random.next() * 2 ** 32));
  // Top two bits set so p·q has exactly 2·bits bits; odd.
  base |= (3n << BigInt(bits - 2)) | 1n;
  const residues = SMALL_PRIMES.map((p) => Number(base % BigInt(p)));
  for (let k = 0; ; k += 2) {
    let composite = false;
    for (let i = 0; i < SMALL_PRIMES.length; i++) {
      if ((residues[i]! + k) % SMALL_PRIMES[i]! === 0) {
        composite = true;
        break;
      }
    }
    // OpenSSL's Miller-Rabin, 32 rounds with its own random bases: a composite passes with probability
    // under 4^-32, so the first candidate that passes is the same prime on every run (FIPS 186-4 Table
    // C.2 asks for 5 rounds for random 1024-bit candidates).
    if (!composite && (await isPrime(base + BigInt(k), { checks: 32 }))) return base + BigInt(k);
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

function b64u(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, 'hex').toString('base64url');
}
