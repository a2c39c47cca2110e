import type { LogOutput } from '../../server/logging/create-logger.js';

/** A log output that keeps the emulator's JSON log lines, for tests that read the server log. */
export function logCapture(): { output: LogOutput; lines: Record<string, any>[]; messages(): string[] } {
  const lines: Record<string, any>[] = [];
  return {
    output: { write: (s: string) => lines.push(JSON.parse(s) as Record<string, any>) },
    lines,
    messages: () => lines.map((l) => String(l.msg)),
  };
}
