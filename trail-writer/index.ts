export { TrailWriter, type TrailWriterOptions, type DeliveredLogFile, type DeliveryListener } from './trail-writer.js';
export type { CallRecord, Principal, PrincipalSession, TlsDetails } from './call-record.js';
export { buildRecord, serializeRecord, EVENT_VERSION } from './record/build-record.js';
export { ECS_EVENT_SOURCE } from './record/event-sources/ecs.js';
