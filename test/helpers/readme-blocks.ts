import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/** A fenced code block of the README. */
export interface ReadmeBlock {
  /** The fence's language (`js`, `sh`, `python`, `hcl`, …), '' if none. */
  lang: string;
  /**
   * From a `<!-- test: name -->` comment on the line before the fence, if any (`<!-- query: name -->`,
   * the README's trail queries run by test/readers, counts too).
   */
  tag: string | undefined;
  code: string;
  /** 1-based line of the opening fence, for messages. */
  line: number;
  /** The `##`/`###` heading the block is under. */
  section: string;
}

const TAG = /^<!--\s*(?:test|query):\s*([\w.-]+)\s*-->\s*$/;

/**
 * Every fenced code block of a Markdown file, in order. Tests run the tagged ones against a live
 * emulator, so the README's examples cannot drift from what works.
 */
export function readmeBlocks(file: string = README): ReadmeBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: ReadmeBlock[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const heading = /^#{1,6}\s+(.*)$/.exec(l);
    if (heading) section = heading[1]!.trim();
    const fence = /^(```+)(\S*)\s*$/.exec(l);
    if (!fence) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith(fence[1]!); i++) body.push(lines[i]!);
    const tag = start > 0 ? TAG.exec(lines[start - 1]!)?.[1] : undefined;
    blocks.push({ lang: fence[2] ?? '', tag, code: `${body.join('\n')}\n`, line: start + 1, section });
  }
  return blocks;
}

/**
 * The one block tagged `<!-- test: name -->` (or `<!-- query: name -->`); throws, naming what the
 * README lacks, if there is none or more than one, or if its fence is not of the language expected.
 */
export function readmeBlock(tag: string, expect: { lang?: string } = {}, file: string = README): ReadmeBlock {
  const found = readmeBlocks(file).filter((b) => b.tag === tag);
  if (found.length !== 1) throw new Error(`README.md has ${found.length} code blocks tagged <!-- test: ${tag} --> (or <!-- query: ${tag} -->), expected 1`);
  const block = found[0]!;
  if (expect.lang !== undefined && block.lang !== expect.lang) {
    throw new Error(`README.md block ${tag} (line ${block.line}) is \`\`\`${block.lang}, expected \`\`\`${expect.lang}`);
  }
  return block;
}
