import type { DeclaredRole } from '../../../identity/role-registry.js';
import { malformedPolicy, validationError } from '../sts-errors.js';

/**
 * How long a role session may last: DurationSeconds (900–43200, default 3600) up to the role's
 * MaxSessionDuration (IAM's default, 3600, for a declared role that sets none; the API's 43200 for a
 * role nobody declared), and one hour when a role session assumes a role (role chaining).
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
export function roleSessionSeconds(requested: unknown, role: DeclaredRole | undefined, chained: boolean): number {
  const seconds = typeof requested === 'number' ? requested : 3600;
  if (chained && seconds > 3600) {
    throw validationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  const max = role?.maxSessionSeconds ?? 43200;
  if (seconds > max) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  return seconds;
}

/** A session policy must be a JSON document ("MalformedPolicyDocument: Syntax errors in policy." [GUESS] text). */
export function checkSessionPolicy(policy: unknown): string | undefined {
  if (typeof policy !== 'string') return undefined;
  try {
    const doc: unknown = JSON.parse(policy);
    if (doc && typeof doc === 'object' && !Array.isArray(doc)) return policy;
  } catch {
    // answered below
  }
  throw malformedPolicy('Syntax errors in policy.');
}
