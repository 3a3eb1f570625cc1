// One checker for population filters: the admin component (force-app/.../lwc/populationFilter with the LWC copy of
// the parser) and the sync (src/config/populationFilter.ts with the npm package) must accept the same filters and
// refuse the others with the same words. The table of cases is shared with the component's jest test.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as npmParser from '@jetstreamapp/soql-parser-js';
import { filterProblemTexts, validatePopulationFilter } from '../../src/config/populationFilter';
import { settingsFromRecord } from '../../src/config/settings';
import { readCustomLabels } from '../../src/preview/forceAppUi';
import { PROBLEM_CODES, checkPopulationFilter, describeFilterProblem, type FilterProblemCode } from '../../force-app/main/default/lwc/populationFilter/populationFilter.js';
import * as lwcParser from '../../force-app/main/default/lwc/soqlParser/soqlParser.js';
import CASES from '../../force-app/main/default/lwc/populationFilter/__tests__/data/filterCases.json';

const FORCE_APP = path.join(__dirname, '..', '..', 'force-app');
const LWC = path.join(FORCE_APP, 'main', 'default', 'lwc');
const labels = readCustomLabels(FORCE_APP);
/** PL_Filter_<Words_Of_The_Code>, e.g. endsEarly -> PL_Filter_Ends_Early. */
const labelOf = (code: string): string => `PL_Filter_${code.replace(/^./, (c) => c.toUpperCase()).replace(/(?<=[a-z])([A-Z])/g, '_$1')}`;
const componentTexts = Object.fromEntries(PROBLEM_CODES.map((code) => [code, labels[labelOf(code)] ?? `missing ${labelOf(code)}`])) as Record<FilterProblemCode, string>;
const parserCopy = lwcParser;

type Case = { object: string; filter: string; ok: boolean; reason?: string; where?: string; fields?: string[] };

describe('population filter rules shared by the component and the sync', () => {
  it('the component bundles the very parser the sync imports (re-copy soqlParser when the dependency changes)', () => {
    const copy = readFileSync(path.join(LWC, 'soqlParser', 'soqlParser.js'), 'utf8');
    const pkgDir = path.join(__dirname, '..', '..', 'node_modules', '@jetstreamapp', 'soql-parser-js');
    const original = readFileSync(path.join(pkgDir, 'dist', 'lwc', 'index.js'), 'utf8');
    const version = (JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
    expect(copy.slice(copy.indexOf('\n', copy.indexOf('----- copied from dist/lwc/index.js -----')) + 1)).toBe(original);
    expect(copy).toContain(`@jetstreamapp/soql-parser-js ${version}:`);
  });

  it('every problem has the same words in the component (custom label) and the CLI (messages/config.md)', () => {
    const cli = filterProblemTexts();
    for (const code of PROBLEM_CODES) expect([code, componentTexts[code]]).toEqual([code, cli[code]]);
  });

  it.each(CASES as Case[])('$object WHERE $filter', ({ object, filter, ok, reason, where, fields }) => {
    const expected = ok ? { ok, where, fields } : { ok, reason };
    // the sync
    expect(validatePopulationFilter(object, filter)).toEqual(expected);
    // the component's checker with its own parser copy and its labels
    const inComponent = checkPopulationFilter(object, filter, parserCopy);
    expect(inComponent.ok ? inComponent : { ok: false, reason: describeFilterProblem(inComponent.problem, componentTexts) }).toEqual(expected);
  });

  it('random filters get the same verdict and words from both parser copies', () => {
    const parts = ['Type', '=', "'x'", 'AND', 'OR', 'NOT', '(', ')', 'IN', "('a', 'b')", 'LIKE', '5', 'NULL', 'LAST_N_DAYS:3', ',', 'Name', '!=', 'LIMIT', '"', ';', 'SELECT', 'FROM', 'Opportunity', ':'];
    let seed = 19;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 300; i += 1) {
      const filter = Array.from({ length: 1 + next(8) }, () => parts[next(parts.length)]).join(' ');
      const npm = checkPopulationFilter('Account', filter, npmParser);
      const copy = checkPopulationFilter('Account', filter, parserCopy);
      expect([filter, copy]).toEqual([filter, npm]);
    }
  });

  it('the sync refuses an invalid filter with the whole reason, naming the field and the fix (exit 2)', () => {
    expect(() => settingsFromRecord({ Customer_Filter__c: 'Type = ' })).toThrow(
      'Partner_Sync_Setting__c.Customer_Filter__c is not a valid population filter on Account: The filter ends too early: a value (text in single quotes, a number, a date, TRUE, FALSE or NULL) is missing after "Type =".',
    );
  });
});
