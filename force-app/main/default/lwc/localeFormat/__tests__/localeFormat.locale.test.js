// The user's locale, as the platform serves it through @salesforce/i18n: a de-DE user in Berlin.
jest.mock('@salesforce/i18n/locale', () => ({ default: 'de-DE' }), { virtual: true });
jest.mock('@salesforce/i18n/timeZone', () => ({ default: 'Europe/Berlin' }), { virtual: true });
jest.mock('@salesforce/i18n/dateTime.mediumDateFormat', () => ({ default: 'dd.MM.yyyy' }), { virtual: true });

import { formatDate, formatDateTime, formatNumber, USER_TIME_ZONE } from 'c/localeFormat';

describe('c/localeFormat in the user locale (de-DE, Europe/Berlin)', () => {
  it("writes a date and time in the user's time zone and locale, not the browser's or en-US", () => {
    expect(USER_TIME_ZONE).toBe('Europe/Berlin');
    // 13:05 UTC is 14:05 in Berlin in December
    expect(formatDateTime('2026-12-07T13:05:00.000Z')).toBe('7. Dez. 2026, 14:05');
    expect(formatDateTime('2026-12-07T13:05:00.000+0000')).toBe('7. Dez. 2026, 14:05');
  });

  it("writes a date field in the user's medium date format, the same day whatever the zone", () => {
    expect(formatDate('2026-12-21')).toBe('21.12.2026');
    expect(formatDate('2026-01-05')).toBe('05.01.2026');
  });

  it("writes numbers with the user's separators", () => {
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatNumber(12.5)).toBe('12,5');
    expect(formatNumber(0.3, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 })).toBe('30,00\u00a0%');
  });
});
