import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../delivery/write-object.js';
import { isoSeconds } from './digest-key.js';

/**
 * The key pair that signs digests. CloudTrail uses one RSA key pair per region and publishes the
 * public halves through ListPublicKeys; we use one pair per trail folder and publish it in
 * `<stateDir>/keys/public-keys.json`, shaped like a ListPublicKeys response:
 * `{"PublicKeyList":[{"Value": base64 DER PKCS#1 RSAPublicKey, "ValidityStartTime", "ValidityEndTime", "Fingerprint"}]}`.
 *
 * AWS does not document how `Fingerprint` is derived (validators only compare it with
 * `digestPublicKeyFingerprint`); ours is the hex MD5 of the DER bytes, 32 hex characters like AWS's.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListPublicKeys.html
 */
export interface PublicKeyEntry {
  /** base64 of the DER PKCS#1 RSAPublicKey (what the AWS CLI loads). */
  Value: string;
  ValidityStartTime: string;
  ValidityEndTime: string;
  Fingerprint: string;
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  fingerprint: string;
  /** base64 DER PKCS#1. */
  publicKeyValue: string;
}

export const KEY_FILE = 'digest-signing-key.pem';
export const PUBLIC_KEYS_FILE = 'public-keys.json';
/** Published keys claim this long a validity: the emulator never rotates them. */
const VALIDITY_MS = 10 * 365 * 24 * 3600 * 1000;

let processKey: Promise<string> | undefined;

/**
 * A new RSA-2048 private key in PEM, made once per process and shared by the trail folders it opens
 * (RSA key generation costs a few hundred milliseconds of CPU; CloudTrail itself signs every account's
 * digests in a region with one key).
 */
function newKeyPem(): Promise<string> {
  processKey ??= promisify(generateKeyPair)('rsa', { modulusLength: 2048 }).then((pair) =>
    pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  return processKey;
}

export function keysDir(stateDir: string): string {
  return join(stateDir, 'keys');
}

export function fingerprintOf(publicKey: KeyObject): { der: Buffer; fingerprint: string } {
  const der = publicKey.export({ type: 'pkcs1', format: 'der' });
  return { der, fingerprint: createHash('md5').update(der).digest('hex') };
}

/**
 * Load the signing key: the PEM given, else `<stateDir>/keys/digest-signing-key.pem`, else a new
 * RSA-2048 pair written there. Its public half is added to public-keys.json (older keys stay, so
 * digests they signed still verify).
 */
export async function loadSigningKey(stateDir: string, now: number, pem?: string): Promise<SigningKey> {
  const dir = keysDir(stateDir);
  const keyPath = join(dir, KEY_FILE);
  let privatePem = pem;
  if (privatePem === undefined) {
    privatePem = await readFile(keyPath, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
  }
  if (privatePem === undefined) {
    const generated = await newKeyPem();
    privatePem = generated;
    // Private: written with mode 0600 from the start (writeFileAtomic would use the umask).
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${KEY_FILE}.tmp`);
    await writeFile(tmp, generated, { mode: 0o600 });
    await rename(tmp, keyPath);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privatePem);
  } catch (err) {
    throw new Error(`the digest signing key is not a PEM private key (${(err as Error).message}); give an RSA key in PEM`);
  }
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('the digest signing key must be an RSA key (SHA256withRSA)');
  const publicKey = createPublicKey(privateKey);
  const { der, fingerprint } = fingerprintOf(publicKey);
  const key: SigningKey = { privateKey, publicKey, fingerprint, publicKeyValue: der.toString('base64') };
  await publishPublicKey(stateDir, key, now);
  return key;
}

/**
 * Write a loaded key to a trail folder made again after it vanished: the private key (unless it was
 * given as configuration) and its public half, which `verify` needs for the digests signed from now on.
 */
export async function republishSigningKey(stateDir: string, key: SigningKey, now: number, writePrivate: boolean): Promise<void> {
  if (writePrivate) {
    const dir = keysDir(stateDir);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${KEY_FILE}.tmp`);
    await writeFile(tmp, key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
    await rename(tmp, join(dir, KEY_FILE));
  }
  await publishPublicKey(stateDir, key, now);
}

async function publishPublicKey(stateDir: string, key: SigningKey, now: number): Promise<void> {
  const list = await readPublicKeys(stateDir);
  if (list.some((k) => k.Fingerprint === key.fingerprint)) return;
  list.push({
    Value: key.publicKeyValue,
    ValidityStartTime: isoSeconds(now),
    ValidityEndTime: isoSeconds(now + VALIDITY_MS),
    Fingerprint: key.fingerprint,
  });
  const body = `${JSON.stringify({ PublicKeyList: list }, null, 2)}\n`;
  await writeFileAtomic(join(keysDir(stateDir), PUBLIC_KEYS_FILE), Buffer.from(body));
}

/** The published public keys of a trail folder's state dir (none if it has no keys yet). */
export async function readPublicKeys(stateDir: string, file = join(keysDir(stateDir), PUBLIC_KEYS_FILE)): Promise<PublicKeyEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const doc = JSON.parse(text) as { PublicKeyList?: PublicKeyEntry[] };
  return Array.isArray(doc.PublicKeyList) ? doc.PublicKeyList : [];
}

/** The public key of a published entry (base64 DER PKCS#1). */
export function publicKeyOf(entry: PublicKeyEntry): KeyObject {
  return createPublicKey({ key: Buffer.from(entry.Value, 'base64'), format: 'der', type: 'pkcs1' });
}
