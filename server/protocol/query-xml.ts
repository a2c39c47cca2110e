/**
 * The XML of awsQuery answers, laid out as STS sends them (a real 2020 capture, eksctl debug log of
 * GetCallerIdentity: no XML declaration, two-space indentation, `Content-Type: text/xml`):
 *
 *   <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
 *     <GetCallerIdentityResult>
 *       <Arn>…</Arn>
 *     </GetCallerIdentityResult>
 *     <ResponseMetadata>
 *       <RequestId>…</RequestId>
 *     </ResponseMetadata>
 *   </GetCallerIdentityResponse>
 *
 * and errors as in a real STS answer quoted in kubernetes/kops logs (SignatureDoesNotMatch, 403):
 *
 *   <ErrorResponse xmlns="…"><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>
 */
export function successXml(namespace: string | undefined, operation: string, output: unknown, requestId: string): string {
  const out: string[] = [`<${operation}Response${xmlns(namespace)}>\n`];
  const body = output && typeof output === 'object' ? (output as Record<string, unknown>) : {};
  if (Object.keys(body).length > 0) {
    out.push(`  <${operation}Result>\n`);
    writeMembers(out, body, 1);
    out.push(`  </${operation}Result>\n`);
  } else {
    out.push(`  <${operation}Result/>\n`);
  }
  out.push(`  <ResponseMetadata>\n    <RequestId>${escape(requestId)}</RequestId>\n  </ResponseMetadata>\n`);
  out.push(`</${operation}Response>\n`);
  return out.join('');
}

export function errorXml(namespace: string | undefined, code: string, message: string, status: number, requestId: string): string {
  return (
    `<ErrorResponse${xmlns(namespace)}>\n` +
    `  <Error>\n` +
    `    <Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>\n` +
    `    <Code>${escape(code)}</Code>\n` +
    `    <Message>${escape(message)}</Message>\n` +
    `  </Error>\n` +
    `  <RequestId>${escape(requestId)}</RequestId>\n` +
    `</ErrorResponse>\n`
  );
}

function xmlns(namespace: string | undefined): string {
  return namespace ? ` xmlns="${escape(namespace)}"` : '';
}

function writeMembers(out: string[], body: Record<string, unknown>, depth: number): void {
  for (const [name, value] of Object.entries(body)) writeElement(out, name, value, depth + 1);
}

/** Lists are wrapped, items named `member`, as the awsQuery protocol's responses are. */
function writeElement(out: string[], name: string, value: unknown, depth: number): void {
  if (value === undefined || value === null) return;
  const pad = '  '.repeat(depth);
  if (Array.isArray(value)) {
    out.push(`${pad}<${name}>\n`);
    for (const item of value) writeElement(out, 'member', item, depth + 1);
    out.push(`${pad}</${name}>\n`);
  } else if (value instanceof Date) {
    // Timestamps are ISO 8601 in UTC with seconds, e.g. 2019-11-09T13:34:41Z (STS API Reference examples).
    out.push(`${pad}<${name}>${value.toISOString().replace(/\.\d{3}Z$/, 'Z')}</${name}>\n`);
  } else if (typeof value === 'object') {
    out.push(`${pad}<${name}>\n`);
    writeMembers(out, value as Record<string, unknown>, depth);
    out.push(`${pad}</${name}>\n`);
  } else {
    out.push(`${pad}<${name}>${escape(String(value))}</${name}>\n`);
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
