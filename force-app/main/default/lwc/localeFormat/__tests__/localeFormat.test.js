import { formatDate, formatDateTime, formatNumber, DATE_TIME_FORMAT } from 'c/localeFormat';

// Without a mock, @salesforce/i18n is sfdx-lwc-jest's en-US user in America/Los_Angeles.
describe('c/localeFormat (en-US, America/Los_Angeles)', () => {
  it('writes a date and time in the one format of every screen, in the user time zone', () => {
    expect(DATE_TIME_FORMAT).toEqual({ year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    expect(formatDateTime('2026-12-07T13:05:00.000Z')).toBe('Dec 7, 2026, 05:05 AM');
    expect(formatDateTime(null)).toBeNull();
    expect(formatDateTime('not a date')).toBeNull();
  });

  it('writes a date field as lightning-formatted-date-time does by default (medium, UTC): no day lost west of UTC', () => {
    expect(formatDate('2026-12-21')).toBe('Dec 21, 2026');
    expect(formatDate('')).toBeNull();
  });

  it('writes numbers with separators; null stays null', () => {
    expect(formatNumber(2000)).toBe('2,000');
    expect(formatNumber(null)).toBeNull();
  });
});
