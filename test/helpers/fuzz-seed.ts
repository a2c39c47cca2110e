/**
 * The seed of a fuzz test. `npm test` runs a fixed one, so a run is reproducible and CI never fails
 * on a new finding by chance; `npm run fuzz` (which sets the test's count variable) explores a fresh
 * seed each time. FUZZ_SEED replays a run; every failure names the seed it came from.
 */
export function fuzzSeed(countVariable: string): number {
  if (process.env.FUZZ_SEED !== undefined) return Number(process.env.FUZZ_SEED);
  return process.env[countVariable] !== undefined ? (Math.random() * 2 ** 31) | 0 : 20261201;
}
