import { isReadOnlyEvent, tlsDetailsOf, type CallRecord, type Principal } from '../trail-writer/index.js';

/**
 * A finished call in the terms both the HTTP pipeline and the fixture generator know, turned into
 * the trail's CallRecord in one place, so a generated record and a served one cannot drift apart.
 */
export interface FinishedCall {
  eventTime: number;
  /** e.g. `ecs.amazonaws.com` */
  eventSource: string;
  /** The IAM/endpoint prefix, e.g. `ecs`. */
  signingName: string;
  operation: string;
  region: string;
  principal: Principal;
  sourceIp: string;
  userAgent: string;
  params: Record<string, unknown> | null;
  output?: unknown;
  error?: { code: string; message: string } | undefined;
  requestId: string;
  eventId: string;
  tlsDetails: boolean;
  /** The call came through an interface VPC endpoint (an ECS agent in a private subnet). */
  vpcEndpoint?: { id: string; accountId: string } | undefined;
}

export function buildCallRecord(c: FinishedCall): CallRecord {
  return {
    eventTime: c.eventTime,
    eventSource: c.eventSource,
    eventName: c.operation,
    awsRegion: c.region,
    principal: c.principal,
    sourceIPAddress: c.sourceIp,
    userAgent: c.userAgent,
    requestParameters: c.params,
    response: c.error ? undefined : c.output,
    error: c.error ? { code: c.error.code, message: c.error.message } : undefined,
    requestId: c.requestId,
    eventId: c.eventId,
    readOnly: isReadOnlyEvent(c.eventSource, c.operation),
    // docs/tls-details.md: from the client (user agent) and who made the call; one rule for live and generated records.
    tlsDetails: c.tlsDetails ? tlsDetailsOf(c) : undefined,
    ...(c.vpcEndpoint ? { vpcEndpoint: c.vpcEndpoint } : {}),
  };
}

/**
 * IAM's sentence for an identity-policy denial (LBHackney-IT/Data-Platform#1818 for ecs:RunTask, on
 * the task-definition ARN; cdklabs/construct-hub#1207 for ecs:ListTasks on `*`). The caller gets it as
 * AccessDeniedException; the trail records `AccessDenied` (cloudtrail-research.md §8.4–8.5).
 */
export function accessDeniedMessage(principalArn: string, action: string, resource = '*'): string {
  return `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
}
