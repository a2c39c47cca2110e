import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from '../helpers/test-emulator.js';

/** An identities file (JSON) holding `doc`, removed with the test. */
export async function identitiesFile(t: TestContext, doc: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-sts-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'identities.json');
  await writeFile(path, JSON.stringify(doc));
  return path;
}

export interface TokenIssuer {
  publicKeyPem: string;
  /** A JWT signed RS256 with the issuer's key (or unsigned junk with `sign: false`). */
  token(claims: Record<string, unknown>, opts?: { sign?: boolean; key?: KeyObject }): string;
}

/** An OIDC provider for tests: an RSA key pair that signs ID tokens, like GitHub Actions' issuer does. */
export function tokenIssuer(): TokenIssuer {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    token(claims, opts = {}) {
      const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'test' })).toString('base64url');
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      const signer = createSign('sha256');
      signer.update(`${header}.${payload}`);
      const signature = opts.sign === false ? Buffer.from('not-a-signature') : signer.sign(opts.key ?? privateKey);
      return `${header}.${payload}.${signature.toString('base64url')}`;
    },
  };
}

/** GitHub Actions' claims for a workflow run of repo:my-org/my-repo on main, valid for `seconds`. */
export function githubClaims(seconds = 300, now = Date.now()): Record<string, unknown> {
  const iat = Math.floor(now / 1000);
  return {
    iss: 'https://token.actions.githubusercontent.com',
    sub: 'repo:my-org/my-repo:ref:refs/heads/main',
    aud: 'sts.amazonaws.com',
    iat,
    nbf: iat - 5,
    exp: iat + seconds,
    repository: 'my-org/my-repo',
  };
}
