import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type StartModule = typeof import('../server/start.js');

/** The built JavaScript that users run (`dist/`), so profiles name real lines; or the sources via tsx. */
export const DIST_START = resolve('dist/server/start.js');

export async function loadStartEmulator(from: 'dist' | 'source'): Promise<StartModule['startEmulator']> {
  if (from === 'dist' && existsSync(DIST_START)) {
    return ((await import(pathToFileURL(DIST_START).href)) as StartModule).startEmulator;
  }
  return (await import('../server/start.js')).startEmulator;
}
