import type { IssuedSession } from '../identity/session-store.js';
import type { ServiceSession } from './service-identities.js';

const NO_DENY: ReadonlySet<string> = new Set();

/**
 * A task role session as a session clients can sign with: calls made with its key are attributed to
 * `assumed-role/<task role>/<task id>`, with the key and creation date of the AssumeRole record
 * (flaws2: the S3 call made with a task's credentials carries that record's key and eventTime).
 */
export function taskSessionIdentity(s: ServiceSession): IssuedSession {
  return {
    kind: 'role',
    identity: {
      principal: s.principal,
      secretAccessKey: s.secretAccessKey,
      sessionToken: s.sessionToken,
      expiresAt: s.expiresAt,
      deny: NO_DENY,
      declared: true,
    },
  };
}

/**
 * What the task's credential endpoint (`169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`) answers
 * its containers: the role, the keys and their expiry.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
 */
export function containerCredentials(s: ServiceSession): Record<string, string> {
  return {
    RoleArn: s.roleArn,
    AccessKeyId: s.accessKeyId,
    SecretAccessKey: s.secretAccessKey,
    Token: s.sessionToken,
    Expiration: new Date(s.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}
