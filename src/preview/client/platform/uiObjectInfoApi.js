// lightning/uiObjectInfoApi against the local org's /ui-api/object-info resources (built from force-app metadata).
import { RestWire } from './wire';

export class getObjectInfo extends RestWire {
    resource({ objectApiName }) {
        const name = objectApiName?.objectApiName ?? objectApiName;
        return name ? `/ui-api/object-info/${encodeURIComponent(name)}` : undefined;
    }
}

export class getPicklistValues extends RestWire {
    resource({ recordTypeId, fieldApiName }) {
        if (!recordTypeId || !fieldApiName) return undefined;
        const [object, field] =
            typeof fieldApiName === 'string' ? fieldApiName.split('.') : [fieldApiName.objectApiName, fieldApiName.fieldApiName];
        return `/ui-api/object-info/${encodeURIComponent(object)}/picklist-values/${encodeURIComponent(recordTypeId)}/${encodeURIComponent(field)}`;
    }
}

export class getPicklistValuesByRecordType extends RestWire {
    resource({ objectApiName, recordTypeId }) {
        const name = objectApiName?.objectApiName ?? objectApiName;
        return name && recordTypeId
            ? `/ui-api/object-info/${encodeURIComponent(name)}/picklist-values/${encodeURIComponent(recordTypeId)}`
            : undefined;
    }
}
