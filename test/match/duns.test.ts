import { normaliseDuns } from '../../src/match/duns.js';

describe('normaliseDuns', () => {
  it.each([
    ['123456789', '123456789'],
    ['12-345-6789', '123456789'],
    [' 123 456 789 ', '123456789'],
    ['12.345.6789', '123456789'],
    ['012345678', '012345678'],
  ])('%j -> %s', (input, expected) => {
    expect(normaliseDuns(input)).toBe(expected);
  });

  it.each([[''], ['12345678'], ['1234567890'], ['12345678X'], ['000000000'], ['00-000-0000'], ['DUNS'], [undefined], [null]])(
    '%j is not a DUNS number',
    (input) => {
      expect(normaliseDuns(input)).toBeUndefined();
    },
  );
});
