import { normaliseCompanyName } from '../../src/match/companyName.js';

describe('normaliseCompanyName', () => {
  it.each([
    ['Acme', 'acme'],
    ['ACME Inc.', 'acme'],
    ['Acme, Inc', 'acme'],
    ['Acme Incorporated', 'acme'],
    ['Acme LLC', 'acme'],
    ['Acme L.L.C.', 'acme'],
    ['Acme Ltd', 'acme'],
    ['Acme Limited', 'acme'],
    ['Acme GmbH', 'acme'],
    ['Acme S.A.', 'acme'],
    ['Acme SA', 'acme'],
    ['Acme plc', 'acme'],
    ['Acme Pty Ltd', 'acme'],
    ['Acme Corp.', 'acme'],
    ['Acme Sp. z o.o.', 'acme'],
    ['The Acme Company', 'acme'],
    ['the acme company, inc.', 'acme'],
    ['Société Générale S.A.', 'societe generale'],
    ['Müller GmbH & Co. KG', 'muller'],
    ['Smith & Co', 'smith'],
    ['Johnson & Johnson', 'johnson and johnson'],
    ['Johnson and Johnson', 'johnson and johnson'],
    ["McDonald's Corporation", 'mcdonalds'],
    ['  Acme   Widgets  ', 'acme widgets'],
    ['Acme-Widgets', 'acme widgets'],
    ['J.P. Morgan', 'jp morgan'],
    ['3M', '3m'],
    ['The', 'the'],
    ['Ørsted A/S', 'orsted'],
    ['Orsted AS', 'orsted'],
    ['Łódź Sp. z o.o.', 'lodz'],
    ['Straße GmbH', 'strasse'],
    ['Siemens Aktiengesellschaft', 'siemens'],
    ['Acme Proprietary Limited', 'acme'],
    ['Đakovo Œuvre Æble Þing Ħal', 'dakovo oeuvre aeble thing hal'],
    ['Müller', 'muller'],
    ['Mueller', 'mueller'],
  ])('%j -> %s', (input, expected) => {
    expect(normaliseCompanyName(input)).toBe(expected);
  });

  it.each([[''], ['  '], ['...'], [undefined], [null], ['Inc'], ['GmbH & Co. KG'], ['N/A'], ['n.a.'], ['Unknown'], ['[not provided]'], ['Individual'], ['Self-employed'], ['Self Employed'], ['None'], ['NULL'], ['Not applicable'], ['Private'], ['Test']])('%j has no name', (input) => {
    expect(normaliseCompanyName(input)).toBeUndefined();
  });

  it('keeps distinct companies distinct', () => {
    expect(normaliseCompanyName('Acme Widgets Inc')).not.toBe(normaliseCompanyName('Acme Gadgets Inc'));
  });
});
