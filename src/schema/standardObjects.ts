// Standard objects PartnerLens reads or extends; force-app fields may reference these.
export const STANDARD_OBJECT_NAMES: ReadonlySet<string> = new Set([
  'Account',
  'Contact',
  'Lead',
  'Opportunity',
  'User',
  'Campaign',
  'Organization',
]);
