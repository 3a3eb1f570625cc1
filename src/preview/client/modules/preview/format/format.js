// How the preview's stand-ins for Lightning's own record UI (the highlights panel, the record details, list views)
// write a field's value: in the signed-in user's locale, time zone and currency (@salesforce/i18n, which the server
// fills from the user's LocaleSidKey and TimeZoneSidKey) - as Lightning's record pages do for that user - not the
// local org's en-US, UTC displayValue. Dates and times in the components' one format (c/localeFormat), numbers with
// the field's scale.
import LOCALE from '@salesforce/i18n/locale';
import CURRENCY from '@salesforce/i18n/currency';
import { formatDate, formatDateTime } from 'c/localeFormat';

/**
 * The text of a field value (`value` as the UI API gives it) for a field of `dataType` and `scale` (object info), or
 * undefined for types whose text does not depend on the locale (text, picklists, lookups: their displayValue stands).
 */
export function formatFieldValue(field, value) {
    if (value === null || value === undefined || value === '' || !field) return undefined;
    const scale = typeof field.scale === 'number' ? field.scale : 0;
    const fixed = { minimumFractionDigits: scale, maximumFractionDigits: scale };
    switch (field.dataType) {
        case 'Currency':
            return typeof value === 'number' ? new Intl.NumberFormat(LOCALE, { style: 'currency', currency: CURRENCY, ...fixed }).format(value) : undefined;
        case 'Percent':
            return typeof value === 'number' ? new Intl.NumberFormat(LOCALE, { style: 'percent', ...fixed }).format(value / 100) : undefined;
        case 'Int':
        case 'Double':
            return typeof value === 'number' ? new Intl.NumberFormat(LOCALE, fixed).format(value) : undefined;
        case 'Date':
            return formatDate(String(value).slice(0, 10)) ?? undefined;
        case 'DateTime':
            return formatDateTime(value) ?? undefined;
        default:
            return undefined;
    }
}
