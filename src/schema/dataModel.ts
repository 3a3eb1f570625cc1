// The data model's API names, in one place: src/ imports these instead of spelling names.
// test/schema/dataModel.test.ts proves every name here exists in force-app's metadata.

/** The one API version: sfdx-project.json sourceApiVersion, every -meta.xml, the client and the local org. */
export const API_VERSION = '62.0';

/** The relationship a custom lookup is read through (Partner__c -> Partner__r), as SOQL and GraphQL name the parent. */
export function relationshipOf(lookupField: string): string {
  return lookupField.replace(/__c$/, '__r');
}

export const Partner = {
  apiName: 'Partner__c',
  Name: 'Name',
  Domain: 'Domain__c',
  Status: 'Status__c',
  Tier: 'Tier__c',
  Type: 'Type__c',
  PartnerManager: 'Partner_Manager__c',
  SharingLevel: 'Sharing_Level__c',
  Source: 'Source__c',
  PartnerAccount: 'Partner_Account__c',
  ExternalId: 'External_Id__c',
} as const;

export const PartnerOverlap = {
  apiName: 'Partner_Overlap__c',
  Name: 'Name',
  Account: 'Account__c',
  Lead: 'Lead__c',
  Partner: 'Partner__c',
  MatchKey: 'Match_Key__c',
  MatchMethod: 'Match_Method__c',
  MatchReason: 'Match_Reason__c',
  OurPopulation: 'Our_Population__c',
  PartnerPopulation: 'Partner_Population__c',
  PartnerRecordId: 'Partner_Record_Id__c',
  PartnerCompanyName: 'Partner_Company_Name__c',
  PartnerOwnerName: 'Partner_Owner_Name__c',
  PartnerOwnerEmail: 'Partner_Owner_Email__c',
  PartnerOpportunityStage: 'Partner_Opportunity_Stage__c',
  FirstSeen: 'First_Seen__c',
  LastSeen: 'Last_Seen__c',
  Active: 'Active__c',
  Disputed: 'Disputed__c',
  DisputeReason: 'Dispute_Reason__c',
  ExternalId: 'External_Id__c',
} as const;

export const PartnerInfluence = {
  apiName: 'Partner_Influence__c',
  Name: 'Name',
  Opportunity: 'Opportunity__c',
  Partner: 'Partner__c',
  Role: 'Role__c',
  AttributionPercent: 'Attribution_Percent__c',
  /** Formula: Opportunity__r.Amount * Attribution_Percent__c (read-only). */
  AttributedAmount: 'Attributed_Amount__c',
  Origin: 'Origin__c',
  Overlap: 'Overlap__c',
  TouchDate: 'Touch_Date__c',
  Notes: 'Notes__c',
  ExternalId: 'External_Id__c',
} as const;

export const PartnerSyncRun = {
  apiName: 'Partner_Sync_Run__c',
  Name: 'Name',
  Started: 'Started__c',
  Finished: 'Finished__c',
  Mode: 'Mode__c',
  Status: 'Status__c',
  RecordsRead: 'Records_Read__c',
  RecordsMatched: 'Records_Matched__c',
  RecordsCreated: 'Records_Created__c',
  RecordsUpdated: 'Records_Updated__c',
  RecordsDeactivated: 'Records_Deactivated__c',
  RecordsFailed: 'Records_Failed__c',
  APICallsUsed: 'API_Calls_Used__c',
  ErrorSummary: 'Error_Summary__c',
  Source: 'Source__c',
  ExternalId: 'External_Id__c',
} as const;

export const PartnerExchange = {
  apiName: 'Partner_Exchange__c',
  Name: 'Name',
  ExternalId: 'External_Id__c',
  SessionId: 'Session_Id__c',
  Partner: 'Partner__c',
  Role: 'Role__c',
  Mode: 'Mode__c',
  SharingLevel: 'Sharing_Level__c',
  OurSetSize: 'Our_Set_Size__c',
  PartnerSetSize: 'Partner_Set_Size__c',
  OverlappingKeys: 'Overlapping_Keys__c',
  Started: 'Started__c',
  Finished: 'Finished__c',
  RanBy: 'Ran_By__c',
  Counts: 'Counts__c',
} as const;

export const PartnerSyncError = {
  apiName: 'Partner_Sync_Error__c',
  Name: 'Name',
  SyncRun: 'Sync_Run__c',
  ObjectName: 'Object_Name__c',
  RecordKey: 'Record_Key__c',
  ErrorCode: 'Error_Code__c',
  Message: 'Message__c',
  Fields: 'Fields__c',
  ExternalId: 'External_Id__c',
} as const;

export const PartnerSyncSetting = {
  apiName: 'Partner_Sync_Setting__c',
  Name: 'Name',
  CustomerFilter: 'Customer_Filter__c',
  OpenOpportunityFilter: 'Open_Opportunity_Filter__c',
  ProspectFilter: 'Prospect_Filter__c',
  LeadFilter: 'Lead_Filter__c',
  NameFallback: 'Name_Fallback__c',
  EmailDomainMatch: 'Email_Domain_Match__c',
  RuleInfluence: 'Rule_Influence__c',
  BulkThreshold: 'Bulk_Threshold__c',
  MaxDeactivationPercent: 'Max_Deactivation_Percent__c',
  APIBudgetPercent: 'API_Budget_Percent__c',
  AttributionModel: 'Attribution_Model__c',
  RegistrationProtectionDays: 'Registration_Protection_Days__c',
  RegistrationRejectExistingDeal: 'Registration_Reject_Existing_Deal__c',
  RegistrationFirstInWins: 'Registration_First_In_Wins__c',
  ServiceStatus: 'Service_Status__c',
  ServiceInterval: 'Service_Interval__c',
  ServiceUpdatedAt: 'Service_Updated_At__c',
  ServiceNextCheck: 'Service_Next_Check__c',
  ServiceMessage: 'Service_Message__c',
  ExternalId: 'External_Id__c',
} as const;

/** A deal a partner registered (docs/registrations.md). */
export const PartnerRegistration = {
  apiName: 'Partner_Registration__c',
  Name: 'Name',
  Partner: 'Partner__c',
  Company: 'Company__c',
  Domain: 'Domain__c',
  DUNS: 'DUNS__c',
  ContactName: 'Contact_Name__c',
  ContactEmail: 'Contact_Email__c',
  EstimatedAmount: 'Estimated_Amount__c',
  ExpectedCloseDate: 'Expected_Close_Date__c',
  Notes: 'Notes__c',
  Status: 'Status__c',
  Conflict: 'Conflict__c',
  DecisionReason: 'Decision_Reason__c',
  DecidedBy: 'Decided_By__c',
  DecidedAt: 'Decided_At__c',
  SubmittedAt: 'Submitted_At__c',
  ProtectionUntil: 'Protection_Until__c',
  Account: 'Account__c',
  Lead: 'Lead__c',
  Opportunity: 'Opportunity__c',
  ConflictingRegistration: 'Conflicting_Registration__c',
  MatchMethod: 'Match_Method__c',
  MatchReason: 'Match_Reason__c',
  ExternalId: 'External_Id__c',
  NotifiedStatus: 'Partner_Notified_Status__c',
  NotifiedAt: 'Partner_Notified_At__c',
  NoticeDue: 'Partner_Notice_Due__c',
} as const;

/** Something that moved on a partner's side of an overlap since the previous sync (docs/signals.md). */
export const PartnerSignal = {
  apiName: 'Partner_Signal__c',
  Name: 'Name',
  Partner: 'Partner__c',
  Account: 'Account__c',
  Lead: 'Lead__c',
  Opportunity: 'Opportunity__c',
  Overlap: 'Overlap__c',
  Kind: 'Kind__c',
  FromPopulation: 'From_Population__c',
  ToPopulation: 'To_Population__c',
  DetectedAt: 'Detected_At__c',
  Status: 'Status__c',
  AcknowledgedBy: 'Acknowledged_By__c',
  AcknowledgedAt: 'Acknowledged_At__c',
  IntroTaskId: 'Intro_Task_Id__c',
  NotificationStatus: 'Notification_Status__c',
  NotifiedAt: 'Notified_At__c',
  NotificationAttempts: 'Notification_Attempts__c',
  NotificationError: 'Notification_Error__c',
  ExternalId: 'External_Id__c',
} as const;

/** The custom notification type (force-app/main/default/notificationtypes) signals are delivered with. */
export const SIGNAL_NOTIFICATION_TYPE = 'PartnerLens_Signal';

/** PartnerLens fields on the standard Account object. */
export const AccountFields = {
  apiName: 'Account',
  DUNS: 'DUNS__c',
} as const;

/** PartnerLens fields on the standard Lead object. */
export const LeadFields = {
  apiName: 'Lead',
  PartnerSourced: 'Partner_Sourced__c',
  SourcePartner: 'Source_Partner__c',
  PartnerReferralDate: 'Partner_Referral_Date__c',
  PartnerOverlapCount: 'Partner_Overlap_Count__c',
  PartnerReferralId: 'Partner_Referral_Id__c',
} as const;

/** PartnerLens fields on the standard Opportunity object. */
export const OpportunityFields = {
  apiName: 'Opportunity',
  SourcePartner: 'Source_Partner__c',
  PrimaryPartner: 'Primary_Partner__c',
  PartnerInfluenceCount: 'Partner_Influence_Count__c',
  PartnerSourcedCount: 'Partner_Sourced_Count__c',
  PartnerSourced: 'Partner_Sourced__c',
  PartnerRegistrationId: 'Partner_Registration_Id__c',
} as const;

/** Picklist values the code writes; the metadata test checks each against the field's value set. */
export const Picklists = {
  'Partner__c.Status__c': ['Prospect', 'Active', 'Paused', 'Ended'],
  'Partner__c.Tier__c': ['Platinum', 'Gold', 'Silver', 'Registered'],
  'Partner__c.Type__c': ['Technology', 'Reseller', 'SI', 'Referral', 'Marketplace'],
  'Partner__c.Sharing_Level__c': ['Hidden', 'Counts only', 'Overlapping records', 'All records'],
  'Partner__c.Source__c': ['File', 'Private exchange', 'Overlap API'],
  'Partner_Exchange__c.Role__c': ['Initiator', 'Responder'],
  'Partner_Exchange__c.Mode__c': ['Counts', 'List', 'Attributes'],
  'Partner_Exchange__c.Sharing_Level__c': ['Hidden', 'Counts only', 'Overlapping records', 'All records'],
  'Partner_Overlap__c.Match_Method__c': ['Domain', 'Email domain', 'DUNS', 'Name', 'Private'],
  'Partner_Overlap__c.Our_Population__c': ['Customer', 'Open Opportunity', 'Prospect', 'Lead'],
  'Partner_Overlap__c.Partner_Population__c': ['Customer', 'Open Opportunity', 'Prospect', 'Lead'],
  'Partner_Influence__c.Role__c': ['Sourced', 'Influenced', 'Co-sell', 'Reseller', 'Referral'],
  'Partner_Influence__c.Origin__c': ['Manual', 'Rule', 'Sync'],
  'Partner_Sync_Run__c.Mode__c': ['Full', 'Incremental', 'Dry run', 'Resume'],
  'Partner_Sync_Run__c.Status__c': ['Running', 'Succeeded', 'Partial', 'Paused', 'Failed'],
  'Partner_Sync_Setting__c.Attribution_Model__c': ['Recorded', 'First touch', 'Last touch', 'Even split'],
  'Partner_Registration__c.Status__c': ['Submitted', 'Under review', 'Approved', 'Rejected', 'Expired', 'Converted'],
  'Partner_Registration__c.Conflict__c': ['Existing deal', 'Other partner', 'Name only'],
  'Partner_Registration__c.Match_Method__c': ['Domain', 'Email domain', 'DUNS', 'Name'],
  'Partner_Signal__c.Kind__c': ['Partner_Opened_Deal', 'Prospect_Became_Customer', 'New_Overlap_On_Open_Deal', 'Overlap_Lost_On_Open_Deal'],
  'Partner_Signal__c.Status__c': ['New', 'Acknowledged', 'Intro_Requested', 'Dismissed'],
  'Partner_Signal__c.Notification_Status__c': ['Pending', 'Sent', 'Failed', 'Off'],
} as const;

export type Population = (typeof Picklists)['Partner_Overlap__c.Our_Population__c'][number];
export type MatchMethod = (typeof Picklists)['Partner_Overlap__c.Match_Method__c'][number];
export type InfluenceRole = (typeof Picklists)['Partner_Influence__c.Role__c'][number];
export type InfluenceOrigin = (typeof Picklists)['Partner_Influence__c.Origin__c'][number];
export type SharingLevel = (typeof Picklists)['Partner__c.Sharing_Level__c'][number];
export type PartnerStatus = (typeof Picklists)['Partner__c.Status__c'][number];
export type RegistrationStatus = (typeof Picklists)['Partner_Registration__c.Status__c'][number];
export type RegistrationConflict = (typeof Picklists)['Partner_Registration__c.Conflict__c'][number];
export type SignalKind = (typeof Picklists)['Partner_Signal__c.Kind__c'][number];
export type SignalStatus = (typeof Picklists)['Partner_Signal__c.Status__c'][number];
export type NotificationStatus = (typeof Picklists)['Partner_Signal__c.Notification_Status__c'][number];

