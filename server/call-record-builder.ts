import { isReadOnlyEvent, type CallRecord, type Principal, type TlsDetails } from '../trail-writer/index.js';
import { markShared } from '../trail-writer/record/json-text.js';

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
    tlsDetails: c.tlsDetails ? tlsDetailsFor(c.signingName, c.region) : undefined,
    ...(c.vpcEndpoint ? { vpcEndpoint: c.vpcEndpoint } : {}),
  };
}

/** signing name → region → tlsDetails (nested: a lookup per call builds no host name). */
const tlsByEndpoint = new Map<string, Map<string, TlsDetails>>();
let endpointsKept = 0;

/** One object per endpoint, shared by its records (read-only), so its JSON is made once. */
export function tlsDetailsFor(signingName: string, region: string): TlsDetails {
  let byRegion = tlsByEndpoint.get(signingName);
  let tls = byRegion?.get(region);
  if (!tls) {
    const host = `${signingName}.${region}.amazonaws.com`;
    tls = markShared(Object.freeze({ tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: host }));
    // Regions come from a fixed list, but stay bounded whatever a caller sends.
    if (endpointsKept < 1000) {
      if (!byRegion) tlsByEndpoint.set(signingName, (byRegion = new Map()));
      byRegion.set(region, tls);
      endpointsKept++;
    }
  }
  return tls;
}

/**
 * IAM's sentence for an identity-policy denial (LBHackney-IT/Data-Platform#1818 for ecs:RunTask, on
 * the task-definition ARN; cdklabs/construct-hub#1207 for ecs:ListTasks on `*`). The caller gets it as
 * AccessDeniedException; the trail records `AccessDenied` (cloudtrail-research.md §8.4–8.5).
 */
export function accessDeniedMessage(principalArn: string, action: string, resource = '*'): string {
  return `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
}
