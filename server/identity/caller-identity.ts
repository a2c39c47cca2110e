import type { CallerIdentity } from '../../emulator/index.js';
import type { Principal } from '../../trail-writer/index.js';

/** `arn:aws:iam::<account>:root` in the principal's partition. */
function rootArn(p: Principal): string {
  const partition = p.arn.split(':')[1] || 'aws';
  return `arn:${partition}:iam::${p.accountId}:root`;
}

/**
 * The identity ECS keys account settings on: an assumed-role session counts as its role (the issuer's
 * IAM ARN, path included), a federated user as the root user.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html
 */
export function callerIdentityOf(p: Principal): CallerIdentity {
  switch (p.type) {
    case 'IAMUser':
      return { type: p.type, iamArn: p.arn };
    case 'AssumedRole': {
      const issuer = p.session?.issuer?.arn;
      if (issuer) return { type: p.type, iamArn: issuer };
      // arn:aws:sts::<account>:assumed-role/<role>/<session> → arn:aws:iam::<account>:role/<role>
      const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(p.arn);
      return { type: p.type, iamArn: m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : rootArn(p) };
    }
    case 'Root':
    case 'FederatedUser':
      return { type: p.type, iamArn: rootArn(p) };
    case 'WebIdentityUser':
    case 'AWSService':
      // The first only calls AssumeRoleWithWebIdentity; an AWS service acting with its own credentials
      // (a scenario's AWSService actor) has no IAM identity of the account: both read the account default.
      return { type: 'Root', iamArn: `arn:aws:iam::${p.accountId}:root` };
  }
}
