import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The named code blocks of one README section: a block is named by an HTML comment
 * `<!-- query: <name> -->` on the line before its opening fence. Tests run these blocks as written,
 * so the README cannot drift from what is tested.
 */
export interface ReadmeBlock {
  name: string;
  lang: string;
  code: string;
}

const README = join(import.meta.dirname, '../../README.md');

export async function readmeSectionBlocks(heading: string): Promise<Map<string, ReadmeBlock>> {
  const text = await readFile(README, 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const next = text.indexOf('\n## ', start + heading.length + 2);
  const section = text.slice(start, next < 0 ? undefined : next);
  const blocks = new Map<string, ReadmeBlock>();
  const re = /<!-- query: ([a-z0-9-]+) -->\n```([a-z]*)\n([\s\S]*?)\n```/g;
  for (const m of section.matchAll(re)) {
    const [, name, lang, code] = m as unknown as [string, string, string, string];
    if (blocks.has(name)) throw new Error(`README section "${heading}" names two blocks "${name}"`);
    blocks.set(name, { name, lang, code });
  }
  return blocks;
}

/** The block, or a clear failure naming what the README lacks. */
export function block(blocks: Map<string, ReadmeBlock>, name: string, lang: string): string {
  const b = blocks.get(name);
  if (!b) throw new Error(`README lacks the block <!-- query: ${name} -->`);
  if (b.lang !== lang) throw new Error(`README block ${name} is \`\`\`${b.lang}, expected \`\`\`${lang}`);
  return b.code;
}
