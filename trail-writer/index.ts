export {
  TrailWriter,
  type TrailWriterOptions,
  type DeliveredLogFile,
  type DeliveryListener,
  type JournaledRecord,
  type RecordListener,
} from './trail-writer.js';
export { EventHistory, type EventHistoryOptions, type LookupEvent, type LookupEventsOutput } from './history/event-history.js';
export { LookupEventsError } from './history/lookup-error.js';
export type { CallRecord, Principal, PrincipalSession, TlsDetails } from './call-record.js';
export { buildRecord, recordJson, recordedErrorCode, serializeRecord, EVENT_VERSION } from './record/build-record.js';
export { ECS_EVENT_SOURCE, ECS_READ_ONLY_EVENTS, recordShowsResponse } from './record/event-sources/ecs.js';
export { CLOUDTRAIL_EVENT_SOURCE, CLOUDTRAIL_READ_ONLY_EVENTS } from './record/event-sources/cloudtrail.js';
export { STS_EVENT_SOURCE, STS_READ_ONLY_EVENTS, type RecordResource } from './record/event-sources/index.js';
export { isReadOnlyEvent } from './record/event-sources/read-only.js';
export { endpointTls, madeByService, tlsDetailsOf, type TlsInputs } from './record/tls-details.js';
export { DigestWriter, DEFAULT_BUCKET, DEFAULT_TRAIL_NAME, type DigestWriterOptions } from './digest/digest-writer.js';
export { verifyTrail, type VerifyOptions, type VerifyReport, type ChainReport, type VerifyMessage } from './digest/verify-trail.js';
export { readPublicKeys, type PublicKeyEntry } from './digest/signing-keys.js';
export { readTrailSettings, type TrailSettings } from './digest/digest-recovery.js';
export { stringToSign, type DigestDocument } from './digest/digest-document.js';
export { readTrail, readTrailFiles, type ReadTrailOptions, type TrailLogFile, type TrailRecord } from './read-trail.js';
