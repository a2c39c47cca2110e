import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServeMessage, ServeStats, ServerCpu } from './serve.js';

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));

export interface ServerProcess {
  kind: 'baseline' | 'emulator';
  url: string;
  pid: number;
  stats(): Promise<ServeStats>;
  /** CPU time the server process has used so far (µs): every thread, and the main thread alone. */
  cpu(): Promise<ServerCpu>;
  /** Start the CPU profiler in the server. */
  profileStart(): Promise<void>;
  /** Stop it and write the .cpuprofile to `file`. */
  profileStop(file: string): Promise<void>;
  /** Ask the server to close (trail delivered, profile written) and wait for its exit code. */
  stop(): Promise<number | null>;
}

/** Fork bench/serve.ts under tsx; `nodeArgs` such as --cpu-prof go to that child. */
export async function spawnServer(
  kind: 'baseline' | 'emulator',
  opts: { trailDir?: string; from?: 'dist' | 'source'; nodeArgs?: string[]; fsync?: boolean } = {},
): Promise<ServerProcess> {
  const args = kind === 'emulator' ? [kind, opts.trailDir ?? '', opts.from ?? 'dist', opts.fsync === false ? 'off' : 'on'] : [kind];
  const child: ChildProcess = fork(SERVE, args, {
    execArgv: ['--import', 'tsx', ...(opts.nodeArgs ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onMessage = (m: ServeMessage) => {
      if (m.type === 'ready') {
        child.off('message', onMessage);
        resolve(m.url);
      }
    };
    child.on('message', onMessage);
    void exited.then((code) => reject(new Error(`${kind} server exited with ${code} before listening`)));
  });
  /** Send a request and wait for the answer of the given type. */
  const ask = <T extends ServeMessage['type']>(request: object, answer: T) =>
    new Promise<Extract<ServeMessage, { type: T }>>((resolve) => {
      const onMessage = (m: ServeMessage) => {
        if (m.type === answer) {
          child.off('message', onMessage);
          resolve(m as Extract<ServeMessage, { type: T }>);
        }
      };
      child.on('message', onMessage);
      child.send(request);
    });
  return {
    kind,
    url,
    pid: child.pid ?? -1,
    stats: async () => (await ask({ type: 'stats' }, 'stats')).stats,
    cpu: async () => (await ask({ type: 'cpu' }, 'cpu')).usage,
    profileStart: async () => void (await ask({ type: 'profile-start' }, 'profile-started')),
    profileStop: async (file) => void (await ask({ type: 'profile-stop', file }, 'profile-written')),
    stop: async () => {
      if (child.exitCode === null && child.connected) child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
