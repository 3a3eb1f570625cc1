import { LightningElement, api, wire } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { formatFieldValue } from 'preview/format';

// Bookkeeping fields a record page's details section does not list.
const HIDDEN = new Set(['Id', 'IsDeleted', 'SystemModstamp', 'LastModifiedById', 'CreatedById', 'OwnerId']);

/** The standard "Record details" panel (force:detailPanel): every field of the record, read-only, two columns. */
export default class Details extends LightningElement {
    @api recordId;
    @api objectApiName;
    record;
    info;

    @wire(getRecord, { recordId: '$recordId', layoutTypes: ['Full'] })
    wiredRecord({ data }) {
        this.record = data;
    }

    @wire(getObjectInfo, { objectApiName: '$objectApiName' })
    wiredInfo({ data }) {
        this.info = data;
    }

    get fields() {
        if (!this.record || !this.info) return [];
        return Object.values(this.info.fields)
            .filter((f) => !HIDDEN.has(f.apiName) && this.record.fields[f.apiName])
            .map((f) => {
                const { value, displayValue } = this.record.fields[f.apiName];
                const isBoolean = f.dataType === 'Boolean';
                // A lookup shows its parent's name, as the platform's details panel does.
                const parentName = f.relationshipName ? this.record.fields[f.relationshipName]?.displayValue : undefined;
                return {
                    key: f.apiName,
                    label: f.label,
                    isBoolean,
                    checked: value === true,
                    // numbers and dates in the user's locale and zone, as the platform's panel writes them for that user
                    text: isBoolean || value === null ? '' : String(parentName ?? formatFieldValue(f, value) ?? displayValue ?? value)
                };
            });
    }
}
