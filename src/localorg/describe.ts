// Describe results in the shape the REST API returns (jsforce and @salesforce/core read these keys).
import type { FieldSpec, ObjectSpec, OrgSchema } from './schema.js';

const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID', reference: 'tns:ID', boolean: 'xsd:boolean', int: 'xsd:int', double: 'xsd:double', currency: 'xsd:double',
  percent: 'xsd:double', date: 'xsd:date', datetime: 'xsd:dateTime',
};
const TEXT = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist', 'id', 'reference']);

export type DescribeFieldResult = Record<string, unknown> & { name: string; type: string };
export type DescribeSObjectResult = Record<string, unknown> & { name: string; fields: DescribeFieldResult[] };
export type DescribeGlobalResult = { encoding: string; maxBatchSize: number; sobjects: Record<string, unknown>[] };

function urls(version: string, o: ObjectSpec): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${o.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function describeField(f: FieldSpec): DescribeFieldResult {
  const text = TEXT.has(f.type);
  const length = text ? (f.length ?? 18) : 0;
  const defaultValue = f.picklist?.default ?? (typeof f.defaultValue === 'string' && f.defaultValue.startsWith('$') ? null : f.defaultValue ?? null);
  return {
    aggregatable: f.type !== 'textarea', autoNumber: f.autoNumber, byteLength: length * 3, calculated: f.calculated,
    calculatedFormula: f.formula ?? null, cascadeDelete: f.deleteConstraint === 'Cascade', caseSensitive: f.caseSensitive ?? false, compoundFieldName: null,
    controllerName: null, createable: f.createable, custom: f.custom, defaultValue, defaultValueFormula: null,
    defaultedOnCreate: defaultValue !== null || f.type === 'boolean' || f.type === 'id' || f.readOnly === true || f.defaultValue === '$User',
    dependentPicklist: false, deprecatedAndHidden: false, digits: f.type === 'int' ? (f.precision ?? 9) : 0, displayLocationInDecimal: false,
    encrypted: false, externalId: f.externalId ?? false, extraTypeInfo: null, filterable: f.type !== 'textarea' || (f.length ?? 0) <= 255,
    filteredLookupInfo: null, groupable: f.type !== 'textarea' && f.type !== 'double' && f.type !== 'currency' && f.type !== 'percent' && f.type !== 'datetime',
    highScaleNumber: false, htmlFormatted: false, idLookup: f.type === 'id' || f.externalId === true || f.unique === true, inlineHelpText: f.helpText ?? null,
    label: f.label, length, mask: null, maskType: null, name: f.name, nameField: f.nameField ?? false, namePointing: false, nillable: f.nillable,
    permissionable: f.custom && !f.required && f.type !== 'reference', picklistValues: (f.picklist?.values ?? []).map((v) => ({
      active: true, defaultValue: v === f.picklist?.default, label: f.picklist?.labels?.[v] ?? v, validFor: null, value: v,
    })),
    polymorphicForeignKey: f.polymorphicTo !== undefined, precision: f.type === 'double' || f.type === 'currency' || f.type === 'percent' ? (f.precision ?? 18) : 0,
    queryByDistance: false, referenceTargetField: null, referenceTo: f.polymorphicTo ?? (f.referenceTo ? [f.referenceTo] : []), relationshipName: f.relationshipName ?? null,
    relationshipOrder: f.createOnly && f.type === 'reference' ? 0 : null, restrictedDelete: f.deleteConstraint === 'Restrict',
    restrictedPicklist: f.picklist?.restricted ?? false, scale: f.scale ?? 0, searchPrefilterable: false, soapType: SOAP_TYPES[f.type] ?? 'xsd:string',
    sortable: f.type !== 'textarea', type: f.type, unique: f.unique ?? false, updateable: f.updateable, writeRequiresMasterRead: false,
  };
}

function globalEntry(version: string, o: ObjectSpec): Record<string, unknown> {
  return {
    activateable: false, associateEntityType: null, associateParentEntity: null, createable: o.createable, custom: o.custom, customSetting: false,
    deepCloneable: false, deletable: o.createable, deprecatedAndHidden: false, feedEnabled: false, hasSubtypes: false, isInterface: false,
    isSubtype: false, keyPrefix: o.keyPrefix, label: o.label, labelPlural: o.labelPlural, layoutable: true, mergeable: false, mruEnabled: false,
    name: o.name, queryable: true, replicateable: true, retrieveable: true, searchable: true, triggerable: true, undeletable: o.createable,
    updateable: o.createable, urls: urls(version, o),
  };
}

export function describeGlobal(schema: OrgSchema, version: string): DescribeGlobalResult {
  return { encoding: 'UTF-8', maxBatchSize: 200, sobjects: schema.objects.map((o) => globalEntry(version, o)) };
}

export function describeSObject(o: ObjectSpec, version: string): DescribeSObjectResult {
  return {
    ...globalEntry(version, o),
    name: o.name,
    actionOverrides: [], childRelationships: o.childRelationships.map((r) => ({
      cascadeDelete: r.cascadeDelete, childSObject: r.childSObject, deprecatedAndHidden: false, field: r.field, junctionIdListNames: [],
      junctionReferenceTo: [], relationshipName: r.relationshipName, restrictedDelete: r.restrictedDelete,
    })),
    compactLayoutable: true, defaultImplementation: null, extendedBy: null, extendsInterfaces: null, fields: o.fields.map(describeField),
    implementedBy: null, implementsInterfaces: null, listviewable: null, lookupLayoutable: null, namedLayoutInfos: [], networkScopeFieldName: null,
    recordTypeInfos: [{ active: true, available: true, defaultRecordTypeMapping: true, developerName: 'Master', master: true, name: 'Master', recordTypeId: '012000000000000AAA', urls: {} }],
    searchLayoutable: true, sobjectDescribeOption: 'FULL', supportedScopes: [{ label: 'All records', name: 'everything' }, { label: 'My records', name: 'mine' }],
  };
}
