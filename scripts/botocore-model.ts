import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * botocore's JSON service model (data/<service>/<apiVersion>/service-2.json, gzipped in recent
 * releases): the one maintained machine-readable source of the length, range and pattern traits,
 * which the JavaScript SDK's schemas leave out. Found through the `python3` on PATH, else Debian's
 * awscli copy.
 */
export interface BotocoreRef {
  shape: string;
}

export interface BotocoreShape {
  type: string;
  members?: Record<string, BotocoreRef>;
  member?: BotocoreRef;
  key?: BotocoreRef;
  value?: BotocoreRef;
  required?: string[];
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
}

export interface BotocoreModel {
  metadata: { apiVersion: string; endpointPrefix: string; serviceId: string; targetPrefix?: string };
  operations: Record<string, { input?: BotocoreRef }>;
  shapes: Record<string, BotocoreShape>;
}

export interface BotocoreSource {
  /** Where the model was read, e.g. `botocore 1.43.11 data/ecs/2014-11-13/service-2.json.gz`. */
  description: string;
  botocoreVersion: string;
  /** sha256 of the model's JSON text (uncompressed). */
  sha256: string;
  model: BotocoreModel;
}

const DEBIAN_BOTOCORE = '/usr/lib/python3/dist-packages/awscli/botocore';

function botocoreDirs(): Array<{ dir: string; version: string }> {
  const out: Array<{ dir: string; version: string }> = [];
  try {
    const [dir, version] = execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .trim()
      .split('\n');
    if (dir && version) out.push({ dir, version });
  } catch {
    // no python3 with botocore on PATH
  }
  if (existsSync(DEBIAN_BOTOCORE)) {
    const init = readFileSync(join(DEBIAN_BOTOCORE, '__init__.py'), 'utf8');
    out.push({ dir: DEBIAN_BOTOCORE, version: /__version__ = '([^']+)'/.exec(init)?.[1] ?? 'unknown' });
  }
  return out;
}

/**
 * The most complete botocore model of `service` on this machine (the one with the most operations:
 * botocore's version numbers do not order Debian's awscli-vendored copy against a pip install), or
 * undefined when there is none.
 */
export function findBotocoreModel(service: string, apiVersion: string): BotocoreSource | undefined {
  let best: BotocoreSource | undefined;
  for (const { dir, version } of botocoreDirs()) {
    const base = join(dir, 'data', service, apiVersion);
    const file = [join(base, 'service-2.json.gz'), join(base, 'service-2.json')].find((f) => existsSync(f));
    if (!file) continue;
    const raw = readFileSync(file);
    const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    const model = JSON.parse(text) as BotocoreModel;
    if (best && Object.keys(model.operations).length <= Object.keys(best.model.operations).length) continue;
    best = {
      description: `botocore ${version} data/${service}/${apiVersion}/${file.endsWith('.gz') ? 'service-2.json.gz' : 'service-2.json'}`,
      botocoreVersion: version,
      sha256: createHash('sha256').update(text).digest('hex'),
      model,
    };
  }
  return best;
}
