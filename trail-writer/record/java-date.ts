const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Timestamps inside requestParameters/responseElements are written by CloudTrail as Java date
 * strings in UTC, e.g. `Oct 26, 2025, 11:50:52 PM` (cloudtrail-research.md §1.3: every 2024–2025
 * record seen uses this comma form).
 */
export function javaDateString(d: Date): string {
  const h24 = d.getUTCHours();
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h12}:${mm}:${ss} ${h24 < 12 ? 'AM' : 'PM'}`;
}

/** `2025-10-27T00:00:52Z`: eventTime and digest times have second precision, no fraction. */
export function isoSeconds(ms: number): string {
  return new Date(ms - (ms % 1000)).toISOString().replace('.000Z', 'Z');
}
