import t from 'tap';
import { fastSeededIds, Random } from '../../server/generator/random.js';

/** The generator's record ids: version-4 UUIDs (RFC 9562), the same for a seed and stream, another otherwise. */
t.test('fastSeededIds gives distinct v4 UUIDs, the same sequence for the same seed and stream', async (t) => {
  const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const take = (seed: string, stream: string, n: number) => {
    const ids = fastSeededIds(seed, stream);
    return Array.from({ length: n }, () => ids.uuid());
  };
  const a = take('s', 'records', 5000); // across several batches of ids made at once
  t.equal(a.filter((u) => V4.test(u)).length, a.length, 'every id is a well-formed v4 UUID');
  t.equal(new Set(a).size, a.length, 'no id twice');
  t.same(take('s', 'records', 5000), a, 'the same seed and stream: the same ids');
  t.notSame(take('t', 'records', 10), a.slice(0, 10), 'another seed: other ids');
  t.notSame(take('s', 'trail', 10), a.slice(0, 10), 'another stream: other ids');
  const variants = new Set(a.map((u) => u[19]));
  t.same([...variants].sort(), ['8', '9', 'a', 'b'], 'all four variant digits occur');
  const alnum = fastSeededIds('s', 'x').alphanumeric(16);
  t.match(alnum, /^[A-Za-z0-9]{16}$/);
});

t.test('Random: uniform draws in [0, 1)', async (t) => {
  const r = new Random('s', 'uniform');
  let min = 1;
  let max = 0;
  for (let i = 0; i < 100_000; i++) {
    const x = r.next();
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  t.ok(min >= 0 && min < 0.001 && max < 1 && max > 0.999, `spans [0, 1) (${min}, ${max})`);
});

/** The server's own ids (randomIds): drawn from a pool of random bytes that no two ids share. */
t.test('randomIds: well-formed hex and alphanumeric ids, none twice, across many refills of its pool', async (t) => {
  const { randomIds } = await import('../../emulator/clock.js');
  const hex = Array.from({ length: 20_000 }, (_, i) => randomIds.hex(i % 3 === 0 ? 32 : i % 3 === 1 ? 17 : 8));
  t.equal(hex.filter((h, i) => h.length === (i % 3 === 0 ? 32 : i % 3 === 1 ? 17 : 8) && /^[0-9a-f]+$/.test(h)).length, hex.length, 'every id has its length, in lowercase hex');
  const long = hex.filter((h) => h.length === 32);
  t.equal(new Set(long).size, long.length, 'no 32-digit id twice (some 100 pools of 4 KiB)');
  const alnum = Array.from({ length: 5000 }, () => randomIds.alphanumeric(16));
  t.equal(alnum.filter((a) => /^[A-Za-z0-9]{16}$/.test(a)).length, alnum.length);
  t.equal(new Set(alnum).size, alnum.length, 'no alphanumeric id twice');
  t.match(randomIds.hex(10_000), /^[0-9a-f]{10000}$/, 'a draw larger than the pool');
  const digits = new Set(long.join(''));
  t.equal(digits.size, 16, 'all sixteen hex digits occur');
});
