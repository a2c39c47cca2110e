import type { Principal, TlsDetails } from '../call-record.js';
import { markShared } from './json-text.js';

/**
 * A record's `tlsDetails`, derived deterministically from who called and with what client: the rule
 * of docs/tls-details.md, applied to live and generated records alike (server/call-record-builder.ts
 * is the one caller). The server picks the cipher in TLS 1.3, so no page says which cipher a client
 * gets; real records do (docs/tls-details.md "What real records show"):
 *
 *   1 a record an AWS service makes for the caller (AWSService identity, invokedBy, or a
 *     `*.amazonaws.com` source address) has no tlsDetails;
 *   2 a console session whose calls come through AWS's own console proxy has none (the
 *     record-contents page: "only if an external client was used");
 *   3 clients that cannot negotiate TLS 1.3 (Java 8 before 8u261, Python 2 builds, OpenSSL 1.0)
 *     get TLSv1.2 / ECDHE-RSA-AES128-GCM-SHA256 (OpenSSL's cipher name, as records write it);
 *   4 a FIPS endpoint (`<service>-fips.<region>.amazonaws.com`) offered only TLS 1.2 in the real
 *     records found: the same TLSv1.2 pair;
 *   5, 6 everything else (browsers, AWS CLI, boto3, the SDKs, Terraform, the ECS agent):
 *     TLSv1.3 / TLS_AES_128_GCM_SHA256.
 *
 * `keyExchange`, listed by the page, appears in no record found: it is not written.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
export interface TlsInputs {
  /** The endpoint's service prefix, e.g. `ecs`, `sts`, `cloudtrail` (`ecs-fips` for a FIPS endpoint). */
  signingName: string;
  region: string;
  userAgent: string;
  principal: Principal;
  sourceIp: string;
}

type TlsClass = 'tls13' | 'tls12' | 'none';

export function tlsDetailsOf(c: TlsInputs): TlsDetails | undefined {
  if (madeByService(c.principal, c.sourceIp)) return undefined;
  let cls = classOf(c.userAgent);
  if (cls === 'none' && c.principal.session?.fromConsole !== true) cls = 'tls13';
  if (cls === 'none') return undefined;
  if (c.signingName.endsWith('-fips')) cls = 'tls12';
  return endpointTls(c.signingName, c.region, cls);
}

/** Rule 1: a call an AWS service made for the principal (its record shows the service, not a client). */
export function madeByService(p: Principal, sourceIp: string): boolean {
  return (p.type as string) === 'AWSService' || p.invokedBy !== undefined || sourceIp.endsWith('.amazonaws.com');
}

/** Clients that stop at TLS 1.2: Java 8 before update 261 (TLS 1.3 backport), Python 2, OpenSSL 1.0. */
const LEGACY_JAVA = /java\/1\.8\.0_(\d+)/;
const LEGACY_CLIENT = /Python\/2\.|lang\/python#2\.|OpenSSL\/1\.0/;
/** AWS's console proxies: their calls reach the service from inside AWS (rule 2, console sessions only). */
const CONSOLE_PROXY = /AWS Internal|^\[S3Console\/|console\.amazonaws\.com/;

/** user agent → its class; bounded, so a caller inventing agents cannot grow it (the rules are cheap anyway). */
const classes = new Map<string, TlsClass>();

function classOf(userAgent: string): TlsClass {
  let cls = classes.get(userAgent);
  if (cls !== undefined) return cls;
  const java = LEGACY_JAVA.exec(userAgent);
  if (CONSOLE_PROXY.test(userAgent)) cls = 'none';
  else if ((java && Number(java[1]) < 261) || LEGACY_CLIENT.test(userAgent)) cls = 'tls12';
  else cls = 'tls13';
  if (classes.size < 1000) classes.set(userAgent, cls);
  return cls;
}

/** signing name → region → the endpoint's tlsDetails per class: one shared, frozen object each. */
const byEndpoint = new Map<string, Map<string, Partial<Record<TlsClass, TlsDetails>>>>();
let endpointsKept = 0;

const SUITES: Record<Exclude<TlsClass, 'none'>, { tlsVersion: string; cipherSuite: string }> = {
  tls13: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256' },
  tls12: { tlsVersion: 'TLSv1.2', cipherSuite: 'ECDHE-RSA-AES128-GCM-SHA256' },
};

/**
 * The tlsDetails of a call to `<signingName>.<region>.amazonaws.com`: `clientProvidedHostHeader` is
 * the AWS host the client would have sent, never the emulator's local address (docs/tls-details.md,
 * observation 5). Shared and frozen, so a record's closing text is made once per endpoint.
 */
export function endpointTls(signingName: string, region: string, cls: Exclude<TlsClass, 'none'> = 'tls13'): TlsDetails {
  let byRegion = byEndpoint.get(signingName);
  let kinds = byRegion?.get(region);
  let tls = kinds?.[cls];
  if (tls) return tls;
  tls = markShared(Object.freeze({ ...SUITES[cls], clientProvidedHostHeader: `${signingName}.${region}.amazonaws.com` }));
  // Regions come from a fixed list, but stay bounded whatever a caller sends.
  if (endpointsKept < 1000) {
    if (!byRegion) byEndpoint.set(signingName, (byRegion = new Map()));
    if (!kinds) byRegion.set(region, (kinds = {}));
    kinds[cls] = tls;
    endpointsKept++;
  }
  return tls;
}
