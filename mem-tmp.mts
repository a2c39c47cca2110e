import { startEmulator } from './server/start.ts';
const emu = await startEmulator({ port: 0, logLevel: 'silent', trailDir: '/tmp/mem-' + process.pid });
const h = (op: string) => ({ 'x-amz-target': `AmazonEC2ContainerServiceV20141113.${op}`, 'content-type': 'application/x-amz-json-1.1', authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=abc' });
await emu.app.inject({ method: 'POST', url: '/', headers: h('CreateCluster'), payload: '{"clusterName":"m"}' });
const gc = (globalThis as any).gc;
const arn = 'arn:aws:ecs:us-east-1:123456789012:cluster/m';
const MIX = [['DescribeClusters', { clusters: ['m'] }], ['TagResource', { resourceArn: arn, tags: [{ key: 'k', value: 'v' }] }], ['ListClusters', {}], ['UntagResource', { resourceArn: arn, tagKeys: ['k'] }]] as const;
let next = 0; let peak = 0;
const run = async (n: number) => { const end = next + n; const w = async () => { while (next < end) { const [op, b] = MIX[next++ % 4]!; await emu.app.inject({ method: 'POST', url: '/', headers: h(op), payload: JSON.stringify(b) }); if ((next & 1023) === 0) peak = Math.max(peak, process.memoryUsage.rss()); } }; await Promise.all(Array.from({ length: 64 }, w)); };
for (let k = 1; k <= 4; k++) { await run(50000); gc(); const m = process.memoryUsage(); console.log(k * 50000, 'calls heapUsed', (m.heapUsed / 1e6).toFixed(0), 'MB rss', (m.rss / 1e6).toFixed(0), 'peak', (peak/1e6).toFixed(0), emu.trail.stats); }
await emu.close();
