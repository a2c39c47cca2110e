import type { CallRecord } from '../../trail-writer/index.js';

/** A read-only ListClusters call by the root user of 123456789012: for tests that drive the TrailWriter directly. */
export function rootListClusters(eventTime: number, requestId: string, eventId: string): CallRecord {
  return {
    eventTime,
    eventSource: 'ecs.amazonaws.com',
    eventName: 'ListClusters',
    awsRegion: 'us-east-1',
    principal: { type: 'Root', accountId: '123456789012', accessKeyId: 'AKIAROOT000000000000', principalId: '123456789012', arn: 'arn:aws:iam::123456789012:root' },
    sourceIPAddress: '127.0.0.1',
    userAgent: 'test',
    requestParameters: null,
    requestId,
    eventId,
    readOnly: true,
  };
}
