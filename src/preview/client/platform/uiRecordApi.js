// lightning/uiRecordApi against the local org's /ui-api/records resources.
import { request } from './transport';
import { recordsChanged } from './cache';
import { RestWire } from './wire';

/** 'Obj.Field' from a schema import ({ objectApiName, fieldApiName }) or a string. */
function qualified(field) {
    return typeof field === 'string' ? field : `${field.objectApiName}.${field.fieldApiName}`;
}

function fieldList(fields) {
    return (Array.isArray(fields) ? fields : fields ? [fields] : []).map(qualified).join(',');
}

export class getRecord extends RestWire {
    recordIds() {
        return new Set(this.config?.recordId ? [String(this.config.recordId).slice(0, 15)] : []);
    }

    resource({ recordId, fields, optionalFields, layoutTypes }) {
        if (!recordId) return undefined;
        const params = new URLSearchParams();
        if (fields) params.set('fields', fieldList(fields));
        if (optionalFields) params.set('optionalFields', fieldList(optionalFields));
        if (layoutTypes) params.set('layoutTypes', [].concat(layoutTypes).join(','));
        return `/ui-api/records/${encodeURIComponent(recordId)}?${params}`;
    }
}

export async function createRecord(recordInput) {
    return request('POST', '/ui-api/records', { apiName: recordInput.apiName, fields: recordInput.fields });
}

export async function updateRecord(recordInput) {
    const { Id, ...fields } = recordInput.fields;
    const record = await request('PATCH', `/ui-api/records/${encodeURIComponent(Id)}`, { fields });
    recordsChanged([Id]);
    return record;
}

export async function deleteRecord(recordId) {
    await request('DELETE', `/ui-api/records/${encodeURIComponent(recordId)}`);
    recordsChanged([recordId]);
}

export async function notifyRecordUpdateAvailable(recordIds) {
    recordsChanged(recordIds.map((item) => item.recordId));
}

/** Walks 'Obj.Rel__r.Field' through nested relationship records, as LDS does. */
function fieldValueObject(record, field) {
    const [, ...steps] = qualified(field).split('.');
    let current = record;
    for (const [i, step] of steps.entries()) {
        const entry = current?.fields?.[step];
        if (entry === undefined) return undefined;
        if (i === steps.length - 1) return entry;
        current = entry.value;
    }
    return undefined;
}

export function getFieldValue(record, field) {
    return fieldValueObject(record, field)?.value;
}

export function getFieldDisplayValue(record, field) {
    return fieldValueObject(record, field)?.displayValue;
}
