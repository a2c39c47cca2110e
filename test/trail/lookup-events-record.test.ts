import t from 'tap';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateClusterCommand } from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/index.js';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';

/**
 * LookupEvents' own record against the real one of a real account (../shared/samples/
 * cloudtrail-LookupEvents-real-2025.json, 2025-10-27, us-east-1; docs/cloudtrail-self-events.md):
 * requestParameters with lower-cased member names at every depth, the time range as CloudTrail's
 * date text, responseElements null, readOnly true, no resources, the CloudTrail host in tlsDetails.
 */
const T0 = Date.parse('2025-10-27T00:00:52Z');

/** The real record's top-level keys, in order. */
const REAL_KEYS = [
  'eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
  'requestParameters', 'responseElements', 'requestID', 'eventID', 'readOnly', 'eventType', 'managementEvent',
  'recipientAccountId', 'eventCategory', 'tlsDetails',
];

t.test('LookupEvents is recorded as real CloudTrail records it', async (t) => {
  const emu = await startTestEmulator(t, { clock: new ManualClock(T0) });
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'seen' }));
  const ct = new CloudTrailClient({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's' }, maxAttempts: 1 });
  t.teardown(() => ct.destroy());

  // The real call: the last ten minutes of write events.
  const real = await ct.send(
    new LookupEventsCommand({
      LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
      StartTime: new Date(T0 - 600_000),
      EndTime: new Date(T0),
    }),
  );
  t.equal(real.Events?.length, 1, 'the call itself worked');
  const paged = await ct.send(new LookupEventsCommand({ MaxResults: 5, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateCluster' }] }));

  const records = await emu.records();
  const r = recordFor(records, real.$metadata.requestId);
  t.strictSame(Object.keys(r), REAL_KEYS, 'the keys of the real record, in its order (no resources)');
  t.strictSame(
    r.requestParameters,
    {
      lookupAttributes: [{ attributeKey: 'ReadOnly', attributeValue: 'false' }],
      startTime: 'Oct 26, 2025, 11:50:52 PM',
      endTime: 'Oct 27, 2025, 12:00:52 AM',
    },
    'requestParameters byte for byte as the real record for the same request',
  );
  t.equal(r.responseElements, null);
  t.equal(r.readOnly, true);
  t.equal(r.eventSource, 'cloudtrail.amazonaws.com');
  t.strictSame(r.tlsDetails, { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'cloudtrail.us-east-1.amazonaws.com' });

  // maxResults is a JSON number (a real 2018 record: {"maxResults":5}).
  const p = recordFor(records, paged.$metadata.requestId);
  t.strictSame(p.requestParameters, { maxResults: 5, lookupAttributes: [{ attributeKey: 'EventName', attributeValue: 'CreateCluster' }] });

  // Event history shows the same record text (CloudTrailEvent) as the file.
  const again = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: r.eventID }] }));
  t.strictSame(JSON.parse(again.Events![0]!.CloudTrailEvent!).requestParameters, r.requestParameters);
});
