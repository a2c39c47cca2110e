import { flatText } from './flat-text.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Both formats have second precision and records come in time order: the last second's text is
// nearly always the one asked for again.
let javaSecond = NaN;
let javaText = '';
let isoSecond = NaN;
let isoText = '';

/**
 * Timestamps inside requestParameters/responseElements are written by CloudTrail as Java date
 * strings in UTC, e.g. `Oct 26, 2025, 11:50:52 PM` (cloudtrail-research.md §1.3: every 2024–2025
 * record seen uses this comma form).
 */
export function javaDateString(d: Date): string {
  const ms = d.getTime();
  const second = Math.floor(ms / 1000);
  if (second === javaSecond) return javaText;
  const h24 = d.getUTCHours();
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  const text = flatText(`${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h12}:${mm}:${ss} ${h24 < 12 ? 'AM' : 'PM'}`);
  if (!Number.isNaN(second)) {
    javaSecond = second;
    javaText = text;
  }
  return text;
}

let isoMinute = NaN;
let isoMinuteText = '';
const SECONDS = Array.from({ length: 60 }, (_, s) => `${String(s).padStart(2, '0')}Z`);

/** `2025-10-27T00:00:52Z`: eventTime, digest and session times have second precision, no fraction. */
export function isoSeconds(ms: number): string {
  const whole = Math.floor(ms / 1000) * 1000;
  if (whole === isoSecond) return isoText;
  // Within a minute only the seconds change: `2025-10-27T00:00:` is made once a minute.
  const second = ((whole / 1000) % 60 + 60) % 60;
  const minute = whole - second * 1000;
  if (minute !== isoMinute) {
    isoMinute = minute;
    isoMinuteText = flatText(new Date(minute).toISOString().slice(0, -7));
  }
  const text = flatText(isoMinuteText + SECONDS[second]!);
  isoSecond = whole;
  isoText = text;
  return text;
}
