import { describe, expect, it } from 'vitest';
import {
  calendarDaysBetween,
  formatAgo,
  formatDate,
  formatDeadline,
  formatDuration,
  formatNumber,
  formatPercentFromPercent,
  formatPercentFromRatio,
} from '../../src/lib/format';
import { HEALTH_BANDS, healthBand, statusLabel } from '../../src/lib/health';
import { isModKey, isTypingTarget } from '../../src/lib/keyboard';
import { documentTitle } from '../../src/lib/title';

const AS_OF = '2026-11-30T12:00:00Z';

describe('numbers', () => {
  it('uses thousands separators', () => {
    expect(formatNumber(12480)).toBe('12,480');
    expect(formatNumber(1_000_000)).toBe('1,000,000');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(1234.56)).toBe('1,234.6');
    expect(formatNumber(Number.NaN)).toBe('—');
  });

  it('formats percentages from a 0–1 ratio and from a 0–100 value with distinct functions', () => {
    expect(formatPercentFromRatio(0.423)).toBe('42%');
    expect(formatPercentFromRatio(1)).toBe('100%');
    expect(formatPercentFromPercent(42.3)).toBe('42%');
    expect(formatPercentFromPercent(42.35, 1)).toBe('42.4%');
    expect(formatPercentFromPercent(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('formats durations as "2 h 5 min"', () => {
    expect(formatDuration(7500)).toBe('2 h 5 min');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(300)).toBe('5 min');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(-1)).toBe('—');
  });
});

describe('dates relative to the as-of', () => {
  it('counts calendar days, not 24 h spans', () => {
    expect(calendarDaysBetween('2026-11-29T23:00:00Z', '2026-11-30T01:00:00Z')).toBe(1);
    expect(calendarDaysBetween('2026-11-29T23:00:00Z', '2026-11-30T01:00:00Z', 'America/New_York')).toBe(0);
  });

  it('says "9 days ago" relative to the data, not the wall clock', () => {
    expect(formatAgo('2026-11-21T08:00:00Z', AS_OF)).toBe('9 days ago');
    expect(formatAgo('2026-11-29T08:00:00Z', AS_OF)).toBe('yesterday');
    expect(formatAgo('2026-11-30T01:00:00Z', AS_OF)).toBe('today');
    expect(formatAgo('2026-12-02T01:00:00Z', AS_OF)).toBe('in 2 days');
  });

  it('says "in 18 days" and "overdue by 3 days" for deadlines', () => {
    expect(formatDeadline('2026-12-18', AS_OF)).toBe('in 18 days');
    expect(formatDeadline('2026-12-01', AS_OF)).toBe('in 1 day');
    expect(formatDeadline('2026-11-27', AS_OF)).toBe('overdue by 3 days');
    expect(formatDeadline('2026-11-30', AS_OF)).toBe('due today');
  });

  it('prints dates as "30 Nov 2026"', () => {
    expect(formatDate(AS_OF)).toBe('30 Nov 2026');
    expect(formatDate(new Date(Date.UTC(2026, 0, 5)))).toBe('5 Jan 2026');
  });
});

describe('health bands', () => {
  it('pins the 70/40 thresholds', () => {
    expect(HEALTH_BANDS).toEqual({ onTrack: 70, atRisk: 40 });
    expect(healthBand(100)).toBe('on_track');
    expect(healthBand(70)).toBe('on_track');
    expect(healthBand(69.9)).toBe('at_risk');
    expect(healthBand(40)).toBe('at_risk');
    expect(healthBand(39)).toBe('behind');
    expect(healthBand(0)).toBe('behind');
  });

  it("prefers the API's band when it sends one", () => {
    expect(healthBand(90, 'behind')).toBe('behind');
    expect(healthBand(90, null)).toBe('on_track');
  });

  it('labels statuses in words', () => {
    expect(statusLabel('on_track')).toBe('On track');
    expect(statusLabel('at_risk')).toBe('At risk');
    expect(statusLabel('behind')).toBe('Behind');
    expect(statusLabel('completed')).toBe('Completed');
    expect(statusLabel('inactive')).toBe('Inactive');
  });
});

describe('small helpers', () => {
  it('recognises Ctrl+K and Cmd+K but not Alt combinations', () => {
    const base = { ctrlKey: false, metaKey: false, altKey: false };
    expect(isModKey({ ...base, key: 'k', ctrlKey: true }, 'k')).toBe(true);
    expect(isModKey({ ...base, key: 'K', metaKey: true }, 'k')).toBe(true);
    expect(isModKey({ ...base, key: 'k' }, 'k')).toBe(false);
    expect(isModKey({ ...base, key: 'k', ctrlKey: true, altKey: true }, 'k')).toBe(false);
  });

  it('knows when the user is typing', () => {
    expect(isTypingTarget(document.createElement('input'))).toBe(true);
    expect(isTypingTarget(document.createElement('textarea'))).toBe(true);
    expect(isTypingTarget(document.createElement('button'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('builds the document title', () => {
    expect(documentTitle('People')).toBe('ChiefOps · People');
    expect(documentTitle('')).toBe('ChiefOps');
  });
});
