/**
 * The node arguments that let a child process run a TypeScript entry point (the CLI, a test's
 * child script): the loader this test process itself runs under, so that every process transpiles a
 * source file the same way.
 *
 * Under tap that is tap's own TypeScript loader (ts-node, transpile only, from the environment the
 * child inherits). Coverage is why it matters: c8 merges the coverage of one file from every process
 * and keeps a single source map for it (the last one it reads). A child that ran the file through
 * another transpiler (tsx, whose output is laid out differently) had its map applied to the other
 * processes' ranges, or the other way round, and which one won depended on the order of the
 * coverage files: now and then whole folders fell out of the report.
 *
 * Outside tap (a test run by hand with `node --import tsx`), tsx. A child given an environment of its
 * own also needs `typescriptLoaderEnv()`: tap's loader reads its settings from there.
 */
export function typescriptLoader(): string[] {
  const own = process.execArgv.filter((a) => a.startsWith('--import=') && a.includes('@tapjs/typescript'));
  return own.length > 0 ? own : ['--import', 'tsx'];
}

/** The settings tap's TypeScript loader reads from the environment (transpile only, which tsconfig). */
export function typescriptLoaderEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('TS_NODE_') && e[1] !== undefined));
}
