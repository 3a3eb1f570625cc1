import { validateSettings } from '../settingsValidation';

jest.mock('@salesforce/label/c.PL_Validation_Range', () => ({ __esModule: true, default: 'Between {0} and {1}' }), {
  virtual: true,
});

describe('validateSettings', () => {
  it.each([
    [
      'good settings',
      {
        Customer_Filter__c: "Type = 'Customer'",
        Lead_Filter__c: 'IsConverted = false',
        Bulk_Threshold__c: 2000,
        Max_Deactivation_Percent__c: 10,
        API_Budget_Percent__c: 80,
      },
      {},
    ],
    ['empty values', { Customer_Filter__c: '', Bulk_Threshold__c: null, API_Budget_Percent__c: undefined }, {}],
    ['a field named like a keyword', { Prospect_Filter__c: "Selected_Tier__c = 'Gold'" }, {}],
    ['a leading WHERE', { Customer_Filter__c: "WHERE Type = 'Customer'" }, { Customer_Filter__c: 'c.PL_Filter_Unexpected' }],
    ['a second statement', { Lead_Filter__c: 'IsConverted = false; DELETE' }, { Lead_Filter__c: 'c.PL_Filter_Semicolon' }],
    ['a missing value', { Lead_Filter__c: 'IsConverted = ' }, { Lead_Filter__c: 'c.PL_Filter_Ends_Early' }],
    ['blank filters (the defaults)', { Customer_Filter__c: '   ', Lead_Filter__c: null }, {}],
    ['a semi-join', { Open_Opportunity_Filter__c: 'Id IN (SELECT AccountId FROM Opportunity WHERE IsClosed = false)' }, {}],
    [
      'a whole query',
      { Customer_Filter__c: "SELECT Id FROM Account WHERE Type = 'Customer'" },
      { Customer_Filter__c: 'c.PL_Filter_Unexpected' },
    ],
    ['a fractional bulk threshold', { Bulk_Threshold__c: 10.5 }, { Bulk_Threshold__c: 'Between 1 and 100000000' }],
    ['a zero API budget', { API_Budget_Percent__c: 0 }, { API_Budget_Percent__c: 'Between 1 and 100' }],
    [
      'a deactivation share above 100',
      { Max_Deactivation_Percent__c: 150 },
      { Max_Deactivation_Percent__c: 'Between 0 and 100' },
    ],
    ['a non-number', { Max_Deactivation_Percent__c: NaN }, { Max_Deactivation_Percent__c: 'Between 0 and 100' }],
  ])('checks %s', (_name, draft, expected) => {
    expect(validateSettings(draft)).toEqual(expected);
  });
});
