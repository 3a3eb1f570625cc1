import { validatePopulationFilter } from '../../src/config/populationFilter';

describe('validatePopulationFilter', () => {
  it.each([
    ['Account', "Type = 'Customer'", ['Type']],
    ['Account', 'Id IN (SELECT AccountId FROM Opportunity WHERE IsClosed = false)', ['Id']],
    ['Lead', 'IsConverted = false', ['IsConverted']],
    ['Account', "Name LIKE 'a;b' AND (Type = 'x' OR Industry = null)", ['Name', 'Type', 'Industry']],
    ['Account', "Owner.Name = 'Ann' AND CreatedDate = LAST_N_DAYS:30", ['CreatedDate']],
  ])('accepts %s WHERE %s', (object, filter, fields) => {
    const result = validatePopulationFilter(object, filter);
    expect(result).toEqual({ ok: true, where: expect.any(String), fields });
  });

  it.each([
    ["Type = 'x' LIMIT 5", /only a WHERE clause/],
    ["Type = 'x' ORDER BY Name", /only a WHERE clause/],
    ["Type = 'x') OR (Name != null", /.+/],
    ['Type = :x', /.+/],
    ["Type = 'x'; DELETE", /;/],
    ["Type = 'x' FROM Lead", /.+/],
    ['', /empty/],
    ['Id IN (SELECT AccountId FROM Opportunity ORDER BY Amount)', /semi-join/],
  ])('rejects %s', (filter, reason) => {
    const result = validatePopulationFilter('Account', filter);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('returns the clause re-composed from what it checked', () => {
    const result = validatePopulationFilter('Account', "  Type   =   'Customer'  ");
    expect(result).toMatchObject({ ok: true, where: "Type = 'Customer'" });
  });
});
