// Formatters. The UI formats the numbers the API gives it and never derives them (10 rule 38).
const LOCALE = 'en-US';
const DAY_MS = 86_400_000;

const integerFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });

/** 12480 → "12,480"; non-integers keep at most one decimal ("1,234.5"). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return Number.isInteger(value) ? integerFormat.format(value) : decimalFormat.format(value);
}

/** A ratio in 0–1: 0.423 → "42%". */
export function formatPercentFromRatio(ratio: number, digits = 0): string {
  return formatPercentFromPercent(ratio * 100, digits);
}

/** A value already in 0–100: 42.3 → "42%". */
export function formatPercentFromPercent(percent: number, digits = 0): string {
  if (!Number.isFinite(percent)) return '—';
  return `${percent.toLocaleString(LOCALE, { maximumFractionDigits: digits, minimumFractionDigits: digits })}%`;
}

/** Seconds → "2 h 5 min", "5 min", "42 s". */
export function formatDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds) || totalSeconds < 0) return '—';
  const seconds = Math.round(totalSeconds);
  if (seconds < 60) return `${seconds} s`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

type DateInput = string | Date;

function toDate(value: DateInput): Date {
  return typeof value === 'string' ? new Date(value) : value;
}

/** Whole calendar days from `from` to `to` in the given time zone (positive when `to` is later). */
export function calendarDaysBetween(from: DateInput, to: DateInput, timeZone = 'UTC'): number {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const dayNumber = (d: Date) => {
    const [y, m, day] = parts.format(d).split('-').map(Number);
    return Date.UTC(y ?? 1970, (m ?? 1) - 1, day ?? 1) / DAY_MS;
  };
  return dayNumber(toDate(to)) - dayNumber(toDate(from));
}

function plural(n: number, word: string): string {
  return `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** A past moment relative to the data's as-of: "today", "yesterday", "9 days ago" (08 §2 rule 8). */
export function formatAgo(when: DateInput, asOf: DateInput, timeZone = 'UTC'): string {
  const days = calendarDaysBetween(when, asOf, timeZone);
  if (days <= 0) return days === 0 ? 'today' : `in ${plural(-days, 'day')}`;
  if (days === 1) return 'yesterday';
  return `${plural(days, 'day')} ago`;
}

/** A deadline relative to as-of: "in 18 days", "due today", "overdue by 3 days". */
export function formatDeadline(deadline: DateInput, asOf: DateInput, timeZone = 'UTC'): string {
  const days = calendarDaysBetween(asOf, deadline, timeZone);
  if (days === 0) return 'due today';
  if (days > 0) return `in ${plural(days, 'day')}`;
  return `overdue by ${plural(-days, 'day')}`;
}

/** "30 Nov 2026". */
export function formatDate(value: DateInput, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(
    toDate(value),
  );
}
