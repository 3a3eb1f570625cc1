import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldDisplayValue, getFieldValue } from 'lightning/uiRecordApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { formatFieldValue } from 'preview/format';

/**
 * A Lightning record page: the highlights panel (record name and the object's highlight fields, read
 * with getRecord like the platform's own panel) above the flexipage's regions.
 */
export default class RecordPage extends LightningElement {
    @api recordId;
    /** { apiName, label, nameField, highlightFields } from the preview config. */
    @api objectInfo;
    /** { header, main, sidebar } component instances from the object's flexipage. */
    @api layout;

    record;
    error;
    /** The object's field types (object info), to write numbers and dates in the user's locale. */
    info;

    get fields() {
        const info = this.objectInfo;
        return info ? [info.nameField, ...info.highlightFields.map((h) => h.field)].map((f) => `${info.apiName}.${f}`) : undefined;
    }

    @wire(getRecord, { recordId: '$recordId', fields: '$fields' })
    wiredRecord({ data, error }) {
        this.record = data;
        this.error = error;
    }

    @wire(getObjectInfo, { objectApiName: '$objectApiName' })
    wiredInfo({ data }) {
        this.info = data;
    }

    get title() {
        return this.record ? getFieldValue(this.record, `${this.objectInfo.apiName}.${this.objectInfo.nameField}`) : '';
    }

    get highlights() {
        if (!this.record) return [];
        return this.objectInfo.highlightFields.map((field) => {
            const name = `${this.objectInfo.apiName}.${field.field}`;
            const raw = getFieldValue(this.record, name);
            const value = formatFieldValue(this.info?.fields?.[field.field], raw) ?? getFieldDisplayValue(this.record, name) ?? raw;
            return {
                key: field.field,
                label: field.label,
                isBoolean: typeof raw === 'boolean',
                checked: raw === true,
                value: value === null || value === undefined ? '' : String(value)
            };
        });
    }

    get errorMessage() {
        const body = this.error?.body;
        return Array.isArray(body) ? body.map((e) => e.message).join(' ') : (body?.message ?? this.error?.statusText);
    }

    get objectApiName() {
        return this.objectInfo?.apiName;
    }

    get objectLabel() {
        return this.objectInfo?.label;
    }

    get iconName() {
        return this.objectInfo?.iconName;
    }
}
