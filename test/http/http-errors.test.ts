import t, { type Test } from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { startEmulator } from '../../server/start.js';
import { startTestEmulator } from '../helpers/test-emulator.js';
import { rawRequest, type RawResponse } from '../helpers/raw-http.js';

/**
 * Requests that fail at the HTTP level, most before Fastify sees them (Node's parser rejects them
 * and emits `clientError`). Their answers must be AWS-shaped like every other error: the awsJson
 * content type, x-amzn-ErrorType, x-amzn-RequestId and a {"__type","message"} body — never
 * Fastify's {"error","message","statusCode"} nor Node's empty body.
 */
const HEAD = 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AmazonEC2ContainerServiceV20141113.ListClusters\r\n';

function awsShaped(t: Test, res: RawResponse, status: number, code: string) {
  t.equal(res.status, status, `status ${status}: ${res.raw.slice(0, 300)}`);
  t.equal(res.headers['content-type'], 'application/x-amz-json-1.1');
  t.equal(res.headers['x-amzn-errortype'], code);
  t.match(res.headers['x-amzn-requestid'], /^[0-9a-f-]{36}$/);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  t.same(Object.keys(body).sort(), ['__type', 'message'], 'exactly the awsJson error members');
  t.equal(body.__type, code);
  t.type(body.message, 'string');
  return body.message as string;
}

t.test('every HTTP-level error has an AWS-shaped body, and the server keeps serving', async (t) => {
  const emu = await startTestEmulator(t);

  await t.test('a header section over 16 KB: 431', async (t) => {
    const res = await rawRequest(emu.url, `${HEAD}X-Big: ${'a'.repeat(17_000)}\r\nContent-Length: 2\r\n\r\n{}`);
    t.match(awsShaped(t, res, 431, 'RequestHeaderSectionTooLarge'), /16384 bytes/);
  });

  for (const [name, headers] of [
    ['Content-Length before Transfer-Encoding', 'Content-Length: 2\r\nTransfer-Encoding: chunked\r\n'],
    ['Transfer-Encoding before Content-Length', 'Transfer-Encoding: chunked\r\nContent-Length: 2\r\n'],
  ] as const) {
    await t.test(`both length headers (${name}): 400`, async (t) => {
      const res = await rawRequest(emu.url, `${HEAD}${headers}\r\n2\r\n{}\r\n0\r\n\r\n`);
      t.match(awsShaped(t, res, 400, 'BadRequestException'), /both Content-Length and Transfer-Encoding/);
    });
  }

  await t.test('a body over the 1 MiB limit, declared by Content-Length: 413', async (t) => {
    const size = 1024 * 1024 + 1;
    const res = await rawRequest(emu.url, `${HEAD}Content-Length: ${size}\r\nConnection: close\r\n\r\n${'{'.repeat(size)}`);
    awsShaped(t, res, 413, 'SerializationException');
  });

  await t.test('a chunked body over the limit: 413', async (t) => {
    const chunk = 'a'.repeat(0x80000);
    const body = `80000\r\n${chunk}\r\n`.repeat(3) + '0\r\n\r\n';
    const res = await rawRequest(emu.url, `${HEAD}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n${body}`);
    awsShaped(t, res, 413, 'SerializationException');
  });

  await t.test('an STS (awsQuery) body over the limit: the error as STS writes errors, in XML', async (t) => {
    const size = 1024 * 1024 + 1;
    const form = `Action=GetCallerIdentity&Version=2011-06-15&Pad=${'a'.repeat(size)}`;
    const res = await rawRequest(
      emu.url,
      `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\r\nContent-Length: ${form.length}\r\nConnection: close\r\n\r\n${form}`,
    );
    // awsQuery's spelling of SerializationException (server/protocol/aws-query.ts), as in the pipeline.
    t.equal(res.status, 400, res.raw.slice(0, 300));
    t.equal(res.headers['content-type'], 'text/xml');
    t.match(res.headers['x-amzn-requestid'], /^[0-9a-f-]{36}$/);
    t.match(res.body, /^<ErrorResponse>\n  <Error>\n    <Type>Sender<\/Type>\n    <Code>ValidationError<\/Code>\n    <Message>Request body is larger than 1048576 bytes\.<\/Message>\n/);
  });

  await t.test('an awsQuery GET to a path that is no route: the XML error', async (t) => {
    const res = await rawRequest(emu.url, 'GET /nowhere?Action=GetCallerIdentity&Version=2011-06-15 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    t.equal(res.status, 400, res.raw.slice(0, 300));
    t.equal(res.headers['content-type'], 'text/xml');
    t.match(res.body, /<Code>InvalidAction<\/Code>\n    <Message>No route for GET \/nowhere/);
  });

  await t.test('a request line that is not HTTP: 400', async (t) => {
    const res = await rawRequest(emu.url, 'GARBAGE\r\n\r\n');
    t.match(awsShaped(t, res, 400, 'BadRequestException'), /^Malformed HTTP request: /);
  });

  await t.test('a header name with a space: 400', async (t) => {
    const res = await rawRequest(emu.url, `${HEAD}Bad Header: x\r\nContent-Length: 2\r\n\r\n{}`);
    awsShaped(t, res, 400, 'BadRequestException');
  });

  await t.test('a malformed chunk size: 400', async (t) => {
    const res = await rawRequest(emu.url, `${HEAD}Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`);
    awsShaped(t, res, 400, 'BadRequestException');
  });

  await t.test('HTTP/1.1 without a Host header: 400', async (t) => {
    const res = await rawRequest(emu.url, HEAD.replace('Host: 127.0.0.1\r\n', '') + 'Content-Length: 2\r\nConnection: close\r\n\r\n{}');
    t.match(awsShaped(t, res, 400, 'BadRequestException'), /Host header/);
  });

  // None of these reached ECS: the trail has only the call below, and the server still answers.
  const out = await emu.ecs.send(new ListClustersCommand({}));
  t.same(out.clusterArns, []);
  const records = await emu.records();
  t.same(records.map((r) => r.eventName), ['ListClusters'], 'only the real call is in the trail');
});

t.test('close() does not wait for a connection that never sent a request (a browser preconnect)', async (t) => {
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-preconnect-'));
  t.teardown(() => rm(trailDir, { recursive: true, force: true }));
  const running = await startEmulator({ port: 0, logLevel: 'silent', trailDir });
  const socket = connect(running.port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  const dropped = new Promise((resolve) => socket.once('close', resolve));
  // Before the fix this waited until the client gave up (only tap's timeout bounds it here).
  await running.close();
  await dropped;
  t.pass('closed, and the unused connection was dropped');
});
