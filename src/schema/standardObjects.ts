// Standard objects PartnerLens reads or extends, with the fields the local org describes and validates.
// Types use describe's vocabulary (string, picklist, reference, ...); force-app adds custom fields on top.

/** A field as describe reports it; the local org converts force-app fields into the same shape. */
export interface StandardFieldDef {
  name: string;
  label: string;
  type:
    | 'id' | 'string' | 'textarea' | 'email' | 'phone' | 'url' | 'boolean' | 'int' | 'double' | 'currency' | 'percent'
    | 'date' | 'datetime' | 'picklist' | 'reference';
  length?: number;
  precision?: number;
  scale?: number;
  /** Required on create (describe: nillable false, createable, no default). */
  required?: boolean;
  /** Neither createable nor updateable through the API (system, derived and compound fields). */
  readOnly?: boolean;
  /** Createable but not updateable. */
  createOnly?: boolean;
  unique?: boolean;
  externalId?: boolean;
  caseSensitive?: boolean;
  referenceTo?: string;
  /**
   * A polymorphic lookup (Task.WhatId, Task.WhoId): the objects its id may point to, instead of referenceTo.
   * describe lists them all in referenceTo with polymorphicForeignKey true.
   */
  polymorphicTo?: string[];
  /** With polymorphicTo: force-app's custom objects with activities enabled are targets too (Task.WhatId). */
  activityTargets?: boolean;
  relationshipName?: string;
  /** What deleting the parent does to this child: Cascade deletes, SetNull clears, Restrict refuses. */
  deleteConstraint?: 'Cascade' | 'SetNull' | 'Restrict';
  /** The parent's name for its list of these children (Account.Contacts); none when the parent has no list. */
  childRelationshipName?: string;
  /** labels: the value's label by API value, where it differs (force-app picklists); describe falls back to the value. */
  picklist?: { values: string[]; restricted: boolean; default?: string; labels?: Record<string, string> };
  defaultValue?: string | number | boolean;
  /** The record's name field (Name, or the compound Name of people objects). */
  nameField?: boolean;
}

export interface StandardObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  createable: boolean;
  /** Has OwnerId (a User lookup named Owner). */
  owned: boolean;
  fields: StandardFieldDef[];
}

const str = (name: string, label: string, length: number, extra: Partial<StandardFieldDef> = {}): StandardFieldDef => ({ name, label, type: 'string', length, ...extra });
const pick = (name: string, label: string, values: string[], extra: Partial<StandardFieldDef> = {}): StandardFieldDef => ({
  name, label, type: 'picklist', length: 255, picklist: { values, restricted: false }, ...extra,
});
const ref = (name: string, label: string, referenceTo: string, relationshipName: string, extra: Partial<StandardFieldDef> = {}): StandardFieldDef => ({
  name, label, type: 'reference', length: 18, referenceTo, relationshipName, deleteConstraint: 'SetNull', ...extra,
});

const industries = ['Agriculture', 'Apparel', 'Banking', 'Biotechnology', 'Chemicals', 'Communications', 'Construction', 'Consulting', 'Education', 'Electronics', 'Energy', 'Engineering', 'Entertainment', 'Environmental', 'Finance', 'Food & Beverage', 'Government', 'Healthcare', 'Hospitality', 'Insurance', 'Machinery', 'Manufacturing', 'Media', 'Not For Profit', 'Recreation', 'Retail', 'Shipping', 'Technology', 'Telecommunications', 'Transportation', 'Utilities', 'Other'];
const leadSources = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];

/** Opportunity stages of a new org: probability, and whether the stage closes (and wins) the deal. */
export const OPPORTUNITY_STAGES: readonly { name: string; probability: number; closed: boolean; won: boolean; forecast: string }[] = [
  { name: 'Prospecting', probability: 10, closed: false, won: false, forecast: 'Pipeline' },
  { name: 'Qualification', probability: 10, closed: false, won: false, forecast: 'Pipeline' },
  { name: 'Needs Analysis', probability: 20, closed: false, won: false, forecast: 'Pipeline' },
  { name: 'Value Proposition', probability: 50, closed: false, won: false, forecast: 'Pipeline' },
  { name: 'Id. Decision Makers', probability: 60, closed: false, won: false, forecast: 'Pipeline' },
  { name: 'Perception Analysis', probability: 70, closed: false, won: false, forecast: 'Pipeline' },
  { name: 'Proposal/Price Quote', probability: 75, closed: false, won: false, forecast: 'Pipeline' },
  { name: 'Negotiation/Review', probability: 90, closed: false, won: false, forecast: 'Pipeline' },
  { name: 'Closed Won', probability: 100, closed: true, won: true, forecast: 'Closed' },
  { name: 'Closed Lost', probability: 0, closed: true, won: false, forecast: 'Omitted' },
];

export const LEAD_STATUSES = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'] as const;

const address = (prefix: string, label: string): StandardFieldDef[] => [
  str(`${prefix}Street`, `${label} Street`, 255), str(`${prefix}City`, `${label} City`, 40), str(`${prefix}State`, `${label} State/Province`, 80),
  str(`${prefix}PostalCode`, `${label} Zip/Postal Code`, 20), str(`${prefix}Country`, `${label} Country`, 80),
];
const person: StandardFieldDef[] = [
  str('FirstName', 'First Name', 40), str('LastName', 'Last Name', 80, { required: true }),
  str('Name', 'Full Name', 121, { readOnly: true, nameField: true }), str('Title', 'Title', 128),
  { name: 'Email', label: 'Email', type: 'email', length: 80 }, { name: 'Phone', label: 'Phone', type: 'phone', length: 40 },
];

export const STANDARD_OBJECTS: readonly StandardObjectDef[] = [
  {
    name: 'User', label: 'User', labelPlural: 'Users', keyPrefix: '005', createable: true, owned: false,
    fields: [
      str('Username', 'Username', 80, { required: true, unique: true }), ...person.map((f) => (f.name === 'Email' ? { ...f, required: true } : f)),
      str('Alias', 'Alias', 8), str('CompanyName', 'Company Name', 80), { name: 'IsActive', label: 'Active', type: 'boolean', defaultValue: true },
      pick('UserType', 'User Type', ['Standard', 'PowerPartner', 'CsnOnly', 'Guest'], { readOnly: true }),
      str('TimeZoneSidKey', 'Time Zone', 40, { defaultValue: 'GMT' }), str('LocaleSidKey', 'Locale', 40, { defaultValue: 'en_US' }),
      str('LanguageLocaleKey', 'Language', 40, { defaultValue: 'en_US' }), str('FederationIdentifier', 'SAML Federation ID', 512),
    ],
  },
  {
    name: 'Organization', label: 'Organization', labelPlural: 'Organizations', keyPrefix: '00D', createable: false, owned: false,
    fields: [
      str('Name', 'Name', 80, { readOnly: true, nameField: true }), str('InstanceName', 'Instance Name', 5, { readOnly: true }),
      { name: 'IsSandbox', label: 'Is Sandbox', type: 'boolean', readOnly: true },
      pick('OrganizationType', 'Edition', ['Developer Edition', 'Enterprise Edition', 'Unlimited Edition', 'Professional Edition'], { readOnly: true }),
      { name: 'TrialExpirationDate', label: 'Trial Expiration Date', type: 'datetime', readOnly: true },
      str('NamespacePrefix', 'Namespace Prefix', 15, { readOnly: true }), str('Country', 'Country', 80, { readOnly: true }),
      str('DefaultLocaleSidKey', 'Locale', 40, { readOnly: true }), str('LanguageLocaleKey', 'Language', 40, { readOnly: true }),
      str('TimeZoneSidKey', 'Time Zone', 40, { readOnly: true }),
    ],
  },
  {
    name: 'Account', label: 'Account', labelPlural: 'Accounts', keyPrefix: '001', createable: true, owned: true,
    fields: [
      str('Name', 'Account Name', 255, { required: true, nameField: true }), { name: 'Website', label: 'Website', type: 'url', length: 255 },
      pick('Type', 'Account Type', ['Prospect', 'Customer', 'Customer - Direct', 'Customer - Channel', 'Channel Partner / Reseller', 'Installation Partner', 'Technology Partner', 'Partner', 'Competitor', 'Other']),
      pick('Industry', 'Industry', industries), ...address('Billing', 'Billing'), ...address('Shipping', 'Shipping'),
      { name: 'Phone', label: 'Account Phone', type: 'phone', length: 40 },
      { name: 'AnnualRevenue', label: 'Annual Revenue', type: 'currency', precision: 18, scale: 0 },
      { name: 'NumberOfEmployees', label: 'Employees', type: 'int', precision: 8, scale: 0 },
      ref('ParentId', 'Parent Account ID', 'Account', 'Parent', { childRelationshipName: 'ChildAccounts' }), pick('AccountSource', 'Account Source', leadSources),
      pick('Rating', 'Account Rating', ['Hot', 'Warm', 'Cold']), str('Sic', 'SIC Code', 20),
      { name: 'Description', label: 'Account Description', type: 'textarea', length: 32000 },
    ],
  },
  {
    name: 'Contact', label: 'Contact', labelPlural: 'Contacts', keyPrefix: '003', createable: true, owned: true,
    fields: [
      ...person, ref('AccountId', 'Account ID', 'Account', 'Account', { deleteConstraint: 'Cascade', childRelationshipName: 'Contacts' }), pick('LeadSource', 'Lead Source', leadSources),
      str('Department', 'Department', 80), ...address('Mailing', 'Mailing'), { name: 'Description', label: 'Contact Description', type: 'textarea', length: 32000 },
    ],
  },
  {
    name: 'Lead', label: 'Lead', labelPlural: 'Leads', keyPrefix: '00Q', createable: true, owned: true,
    fields: [
      ...person, str('Company', 'Company', 255, { required: true }), { name: 'Website', label: 'Website', type: 'url', length: 255 },
      pick('Status', 'Status', [...LEAD_STATUSES], { required: true, defaultValue: 'Open - Not Contacted' }), pick('LeadSource', 'Lead Source', leadSources),
      pick('Industry', 'Industry', industries), pick('Rating', 'Rating', ['Hot', 'Warm', 'Cold']),
      { name: 'AnnualRevenue', label: 'Annual Revenue', type: 'currency', precision: 18, scale: 0 },
      { name: 'NumberOfEmployees', label: 'Employees', type: 'int', precision: 8, scale: 0 },
      str('Street', 'Street', 255), str('City', 'City', 40), str('State', 'State/Province', 80), str('PostalCode', 'Zip/Postal Code', 20), str('Country', 'Country', 80),
      { name: 'IsConverted', label: 'Converted', type: 'boolean', readOnly: true, defaultValue: false },
      { name: 'ConvertedDate', label: 'Converted Date', type: 'date', readOnly: true },
      ref('ConvertedAccountId', 'Converted Account ID', 'Account', 'ConvertedAccount', { readOnly: true }),
      ref('ConvertedContactId', 'Converted Contact ID', 'Contact', 'ConvertedContact', { readOnly: true }),
      ref('ConvertedOpportunityId', 'Converted Opportunity ID', 'Opportunity', 'ConvertedOpportunity', { readOnly: true }),
      { name: 'Description', label: 'Description', type: 'textarea', length: 32000 },
    ],
  },
  {
    name: 'Opportunity', label: 'Opportunity', labelPlural: 'Opportunities', keyPrefix: '006', createable: true, owned: true,
    fields: [
      str('Name', 'Name', 120, { required: true, nameField: true }), ref('AccountId', 'Account ID', 'Account', 'Account', { deleteConstraint: 'Cascade', childRelationshipName: 'Opportunities' }),
      pick('StageName', 'Stage', OPPORTUNITY_STAGES.map((s) => s.name), { required: true }),
      { name: 'Amount', label: 'Amount', type: 'currency', precision: 18, scale: 2 },
      { name: 'CloseDate', label: 'Close Date', type: 'date', required: true },
      { name: 'IsClosed', label: 'Closed', type: 'boolean', readOnly: true }, { name: 'IsWon', label: 'Won', type: 'boolean', readOnly: true },
      { name: 'Probability', label: 'Probability (%)', type: 'percent', precision: 3, scale: 0 },
      { name: 'ExpectedRevenue', label: 'Expected Amount', type: 'currency', precision: 18, scale: 2, readOnly: true },
      pick('ForecastCategoryName', 'Forecast Category', ['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed']),
      pick('Type', 'Opportunity Type', ['Existing Customer - Upgrade', 'Existing Customer - Replacement', 'Existing Customer - Downgrade', 'New Customer']),
      pick('LeadSource', 'Lead Source', leadSources), str('NextStep', 'Next Step', 255),
      ref('CampaignId', 'Campaign ID', 'Campaign', 'Campaign', { childRelationshipName: 'Opportunities' }), { name: 'Description', label: 'Description', type: 'textarea', length: 32000 },
    ],
  },
  {
    name: 'Campaign', label: 'Campaign', labelPlural: 'Campaigns', keyPrefix: '701', createable: true, owned: true,
    fields: [
      str('Name', 'Name', 80, { required: true, nameField: true }), pick('Type', 'Type', ['Conference', 'Webinar', 'Trade Show', 'Partners', 'Referral Program', 'Email', 'Other']),
      pick('Status', 'Status', ['Planned', 'In Progress', 'Completed', 'Aborted']), { name: 'StartDate', label: 'Start Date', type: 'date' },
      { name: 'EndDate', label: 'End Date', type: 'date' }, { name: 'IsActive', label: 'Active', type: 'boolean', defaultValue: false },
      ref('ParentId', 'Parent Campaign ID', 'Campaign', 'Parent', { childRelationshipName: 'ChildCampaigns' }),
    ],
  },
  {
    // Activities: the intro a rep asks a partner manager for is a Task (coSellNow), owned by that manager.
    name: 'Task', label: 'Task', labelPlural: 'Tasks', keyPrefix: '00T', createable: true, owned: true,
    fields: [
      str('Subject', 'Subject', 255, { nameField: true }),
      pick('Status', 'Status', ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'], { required: true, defaultValue: 'Not Started' }),
      pick('Priority', 'Priority', ['High', 'Normal', 'Low'], { required: true, defaultValue: 'Normal' }),
      { name: 'ActivityDate', label: 'Due Date Only', type: 'date' },
      { name: 'Description', label: 'Description', type: 'textarea', length: 32000 },
      { name: 'WhoId', label: 'Name ID', type: 'reference', length: 18, relationshipName: 'Who', polymorphicTo: ['Contact', 'Lead'], deleteConstraint: 'SetNull' },
      { name: 'WhatId', label: 'Related To ID', type: 'reference', length: 18, relationshipName: 'What', polymorphicTo: ['Account', 'Opportunity', 'Campaign'], activityTargets: true, deleteConstraint: 'SetNull' },
      { name: 'IsClosed', label: 'Closed', type: 'boolean', readOnly: true, defaultValue: false },
    ],
  },
  {
    // Setup objects: force-app's permission sets become PermissionSet rows when the org starts (partnerlens doctor reads them).
    name: 'PermissionSet', label: 'Permission Set', labelPlural: 'Permission Sets', keyPrefix: '0PS', createable: true, owned: false,
    fields: [
      str('Name', 'Name', 80, { required: true, unique: true }), str('Label', 'Label', 80, { required: true, nameField: true }),
      str('Description', 'Description', 255), { name: 'IsOwnedByProfile', label: 'Is Owned By Profile', type: 'boolean', defaultValue: false },
    ],
  },
  {
    // Setup object: force-app's notification types become rows when the org starts; the sync finds its type by DeveloperName.
    name: 'CustomNotificationType', label: 'Custom Notification Type', labelPlural: 'Custom Notification Types', keyPrefix: '0ML', createable: true, owned: false,
    fields: [
      str('DeveloperName', 'API Name', 80, { required: true, unique: true }), str('MasterLabel', 'Label', 80, { required: true, nameField: true }),
      str('CustomNotifTypeName', 'Notification Name', 80, { required: true }), { name: 'Description', label: 'Description', type: 'textarea', length: 255 },
      { name: 'Desktop', label: 'Desktop', type: 'boolean', defaultValue: false }, { name: 'Mobile', label: 'Mobile', type: 'boolean', defaultValue: false },
    ],
  },
  {
    name: 'PermissionSetAssignment', label: 'Permission Set Assignment', labelPlural: 'Permission Set Assignments', keyPrefix: '0Pa', createable: true, owned: false,
    fields: [
      ref('AssigneeId', 'Assignee ID', 'User', 'Assignee', { required: true, createOnly: true, deleteConstraint: 'Cascade', childRelationshipName: 'PermissionSetAssignments' }),
      ref('PermissionSetId', 'Permission Set ID', 'PermissionSet', 'PermissionSet', { required: true, createOnly: true, deleteConstraint: 'Cascade', childRelationshipName: 'Assignments' }),
    ],
  },
];

// force-app fields may reference these.
export const STANDARD_OBJECT_NAMES: ReadonlySet<string> = new Set(STANDARD_OBJECTS.map((o) => o.name));
