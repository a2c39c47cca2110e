import t from 'tap';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { CallRecord } from '../../trail-writer/index.js';
import { DashboardEventStream, TICK_MS } from '../../server/dashboard/event-stream.js';
import { TrailFeed } from '../../server/dashboard/trail-feed.js';

/** What the stream writes to, as a page's open response would take it. */
class Page extends EventEmitter {
  destroyed = false;
  writableEnded = false;
  writableLength = 0;
  readonly text: string[] = [];
  writeHead(): this {
    return this;
  }
  write(s: string): boolean {
    this.text.push(s);
    return true;
  }
  end(): void {
    this.writableEnded = true;
  }
}

const call = (eventId: string): CallRecord => ({
  eventTime: Date.parse('2026-12-06T12:00:00Z'),
  eventSource: 'ecs.amazonaws.com',
  eventName: 'ListClusters',
  awsRegion: 'us-east-1',
  principal: { type: 'IAMUser', principalId: 'AIDA', arn: 'arn:aws:iam::123456789012:user/u', accountId: '123456789012', accessKeyId: 'AKIA', userName: 'u' },
  sourceIPAddress: '127.0.0.1',
  userAgent: 'test',
  requestParameters: null,
  requestId: eventId,
  eventId,
  readOnly: true,
});

/**
 * The feed makes each call's display entry as it comes only while someone listens; otherwise when a
 * page reads it. The dashboard's stream listens only while a page is open: listening all the time
 * made an entry for every call of a benchmark, to throw it away.
 */
t.test('the dashboard stream listens to the feed only while a page is open', async (t) => {
  const feed = new TrailFeed();
  const stream = new DashboardEventStream({
    feed,
    resources: () => ({ now: 0, scopes: [] }),
    now: () => 0,
    hello: (resources) => ({ version: 'test', trailFolder: '/t', entries: feed.entries(), minutes: feed.minutes(), resources }),
  });
  t.equal(feed.listening, false, 'no page: nobody listens');
  feed.add(call('before-any-page'), 1);

  const page = new Page();
  stream.attach(page as unknown as ServerResponse);
  t.equal(feed.listening, true, 'a page is open: the stream listens');
  t.ok(page.text.some((s) => s.includes('before-any-page')), 'its hello holds the calls made before it opened');
  feed.add(call('while-open'), 2);
  await new Promise((r) => setTimeout(r, TICK_MS * 2));
  t.ok(page.text.some((s) => s.startsWith('event: calls') && s.includes('while-open')), 'a call made while it is open is sent to it');

  page.emit('close');
  t.equal(feed.listening, false, 'the last page closed: nobody listens');
  feed.add(call('after-close'), 3);
  t.same(feed.entries().map((e) => e.eventId), ['before-any-page', 'while-open', 'after-close'], 'the feed still keeps every call');

  const again = new Page();
  stream.attach(again as unknown as ServerResponse);
  t.equal(feed.listening, true, 'a page opened again: the stream listens again');
  stream.closeAll();
  t.equal(feed.listening, false, 'closing every stream stops listening');
  t.equal(again.writableEnded, true);
});
