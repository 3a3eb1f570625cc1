import { defaultSettingsRecord, settingsFromRecord } from '../../src/config/settings';

describe('sync settings', () => {
  it('defaults every population and option when there is no record', () => {
    const s = settingsFromRecord(undefined);
    expect(s.populations.map((p) => [p.population, p.object, p.where])).toEqual([
      ['Customer', 'Account', "Type = 'Customer'"],
      ['Open Opportunity', 'Account', 'Id IN (SELECT AccountId FROM Opportunity WHERE IsClosed = FALSE)'],
      ['Prospect', 'Account', "Type = 'Prospect'"],
      ['Lead', 'Lead', 'IsConverted = FALSE'],
    ]);
    expect(s).toMatchObject({ nameFallback: false, emailDomainMatch: true, ruleInfluence: true, bulkThreshold: 2000, maxDeactivationPercent: 50, apiBudgetPercent: 80 });
  });

  it('reads the default record back as the defaults', () => {
    expect(settingsFromRecord(defaultSettingsRecord())).toEqual(settingsFromRecord(undefined));
  });

  it('uses an admin filter and null fields as defaults', () => {
    const s = settingsFromRecord({ Customer_Filter__c: "Type = 'Customer - Direct'", Bulk_Threshold__c: null, API_Budget_Percent__c: 60 });
    expect(s.populations[0]?.where).toBe("Type = 'Customer - Direct'");
    expect(s.bulkThreshold).toBe(2000);
    expect(s.apiBudgetPercent).toBe(60);
  });

  it('rejects a filter that is not a pure WHERE, naming the field and the fix', () => {
    expect(() => settingsFromRecord({ Lead_Filter__c: 'IsConverted = false LIMIT 10' })).toThrow(/Partner_Sync_Setting__c\.Lead_Filter__c is not a valid population filter on Lead: Only the condition of a WHERE clause is allowed here, not LIMIT\./);
    expect(() => settingsFromRecord({ API_Budget_Percent__c: 120 })).toThrow(/API_Budget_Percent__c/);
  });
});
