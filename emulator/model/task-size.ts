import { clientException } from '../errors.js';

/**
 * Task-level `cpu` and `memory` as RegisterTaskDefinition accepts them: CPU units ("256") or vCPUs
 * ("0.25 vCPU"), MiB ("512") or GB ("1 GB"); both are stored and returned as numeric strings.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html#ECS-RegisterTaskDefinition-request-cpu
 */
export function normalizeCpu(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return String(Number(text));
  const m = /^(\d+(?:\.\d+)?)\s*vcpu$/i.exec(text);
  if (m) return String(Math.round(Number(m[1]) * 1024));
  // [GUESS] no real response for an unparseable cpu value was found.
  throw clientException(`Invalid 'cpu' setting for task.`);
}

export function normalizeMemory(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return String(Number(text));
  const m = /^(\d+(?:\.\d+)?)\s*gb$/i.exec(text);
  if (m) return String(Math.round(Number(m[1]) * 1024));
  // [GUESS] as above.
  throw clientException(`Invalid 'memory' setting for task.`);
}

/**
 * The Fargate task sizes (Linux): for each CPU value, the memory range in MiB and its step.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
const FARGATE_SIZES: ReadonlyArray<readonly [cpu: number, min: number, max: number, step: number]> = [
  [256, 512, 2048, 0],
  [512, 1024, 4096, 1024],
  [1024, 2048, 8192, 1024],
  [2048, 4096, 16384, 1024],
  [4096, 8192, 30720, 1024],
  [8192, 16384, 61440, 4096],
  [16384, 32768, 122880, 8192],
];

export function isFargateSize(cpu: string | undefined, memory: string | undefined): boolean {
  if (cpu === undefined || memory === undefined) return false;
  const c = Number(cpu);
  const m = Number(memory);
  const row = FARGATE_SIZES.find(([rc]) => rc === c);
  if (!row) return false;
  const [, min, max, step] = row;
  if (m < min || m > max) return false;
  // 0.25 vCPU allows exactly 512, 1024 and 2048.
  if (step === 0) return m === 512 || m === 1024 || m === 2048;
  return (m - min) % step === 0;
}
