import { validateInfluence } from '../validation';

// a real label text, so the test sees the remaining share filled in
jest.mock('@salesforce/label/c.PL_Validation_Attribution_Total', () => ({ __esModule: true, default: 'Only {0} left' }), {
  virtual: true,
});

jest.mock('@salesforce/label/c.PL_Validation_Duplicate_Partner', () => ({ __esModule: true, default: '{0} is already tagged' }), {
  virtual: true,
});

const others = [
  { partnerId: 'p1', partnerName: 'Northwind', role: 'Sourced', attribution: 33.33 },
  { partnerId: 'p2', partnerName: 'Contoso', role: 'Influenced', attribution: 33.33 },
];

describe('validateInfluence', () => {
  it.each([
    ['a complete draft within the remaining share', { partnerId: 'p3', role: 'Co-sell', attribution: 33.34 }, {}],
    ['a draft without attribution', { partnerId: 'p3', role: 'Referral', attribution: null }, {}],
    [
      'the same partner in another role',
      { partnerId: 'p1', role: 'Reseller', attribution: 10 },
      { Partner__c: 'Northwind is already tagged' },
    ],
    [
      'missing partner and role',
      { partnerId: '', role: '', attribution: 5 },
      { Partner__c: 'c.PL_Validation_Required', Role__c: 'c.PL_Validation_Required' },
    ],
    [
      'a negative share',
      { partnerId: 'p3', role: 'Co-sell', attribution: -1 },
      { Attribution_Percent__c: 'c.PL_Validation_Attribution_Range' },
    ],
    [
      'a share above 100',
      { partnerId: 'p3', role: 'Co-sell', attribution: 101 },
      { Attribution_Percent__c: 'c.PL_Validation_Attribution_Range' },
    ],
    [
      'a total above 100%',
      { partnerId: 'p3', role: 'Co-sell', attribution: 33.35 },
      { Attribution_Percent__c: 'Only 33.34% left' },
    ],
    [
      'a duplicate partner and role',
      { partnerId: 'p2', role: 'Influenced', attribution: 0 },
      { Partner__c: 'Contoso is already tagged' },
    ],
  ])('checks %s', (_name, draft, expected) => {
    expect(validateInfluence(draft, others)).toEqual(expected);
  });

  it('fills the remaining share into the total message', () => {
    const errors = validateInfluence({ partnerId: 'p3', role: 'Co-sell', attribution: 50 }, [
      { partnerId: 'p1', role: 'Sourced', attribution: 70 },
    ]);
    expect(errors).toEqual({ Attribution_Percent__c: 'Only 30% left' });
  });
});

describe('validateInfluence in the user locale', () => {
  it('writes the share left as a percentage the way the user locale does (de-DE: 33,34 %)', () => {
    jest.isolateModules(() => {
      jest.doMock('@salesforce/i18n/locale', () => ({ default: 'de-DE' }), { virtual: true });
      const { validateInfluence: validateInGerman } = require('../validation');
      const errors = validateInGerman({ partnerId: 'p3', role: 'Co-sell', attribution: 66.67 }, [{ partnerId: 'p1', role: 'Sourced', attribution: 66.66 }]);
      expect(errors).toEqual({ Attribution_Percent__c: 'Only 33,34\u00a0% left' });
    });
  });
});
