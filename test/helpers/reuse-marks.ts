import { holdsReusedOutput, reuseOutput } from '../../emulator/model/reused-output.js';

/**
 * Marks plain objects inside `value` as the emulator does (reused-output.ts), choosing by the bits of
 * `mask` in the order the walk meets them: 1 of 3 reused (frozen, with all it holds), 1 of 3 marked
 * as holding reused ones (then looked inside), 1 of 3 left alone. Returns how many were marked.
 * Serializers must write a marked value exactly as they write an unmarked copy.
 */
export function markRandomly(value: unknown, mask: number): number {
  let bit = 0;
  let n = 0;
  const visit = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || v instanceof Date) return;
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
      return;
    }
    const choice = ((mask >>> (bit++ * 2) % 30) & 3) % 3;
    if (choice === 1) {
      reuseOutput(v);
      n++;
      return;
    }
    if (choice === 2) {
      holdsReusedOutput(v);
      n++;
    }
    for (const key of Object.keys(v)) visit((v as Record<string, unknown>)[key]);
  };
  visit(value);
  return n;
}
