import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadLocalConfig, parseLocalConfig } from '../../src/config/localConfig';

function errorOf(fn: () => unknown): { message: string; actions?: string[]; exitCode: number } {
  try {
    fn();
  } catch (e) {
    return e as { message: string; actions?: string[]; exitCode: number };
  }
  throw new Error('expected an error');
}

describe('local config', () => {
  it('parses JSON and YAML with defaults', () => {
    const json = parseLocalConfig('{ "partnerFiles": [{ "partner": "acme", "file": "acme.csv" }] }', 'c.json');
    expect(json).toEqual({ partnerFiles: [{ partner: 'acme', file: 'acme.csv' }], referralFiles: [], privateResults: [], exchanges: [], registrationIntake: [], checkpointDir: '.partnerlens/checkpoints',
      signals: { kinds: ['Partner_Opened_Deal', 'Prospect_Became_Customer', 'New_Overlap_On_Open_Deal', 'Overlap_Lost_On_Open_Deal'], notify: { salesforce: true, digest: true } },
    });
    const yaml = parseLocalConfig('targetOrg: prod\nreferralFiles:\n  - partner: globex.com\n    file: r.csv\n', 'c.yaml');
    expect(yaml.targetOrg).toBe('prod');
    expect(yaml.referralFiles).toEqual([{ partner: 'globex.com', file: 'r.csv' }]);
  });

  it('names file, line and key of an unknown key, with the allowed keys as the fix', () => {
    const err = errorOf(() => parseLocalConfig('{\n  "partnerFiles": [],\n  "chekpointDir": "x"\n}', 'partnerlens.config.json'));
    expect(err.message).toBe('partnerlens.config.json line 3, key "chekpointDir": Unrecognized key: "chekpointDir"');
    expect(err.actions?.[0]).toContain('checkpointDir');
    expect(err.exitCode).toBe(2);
  });

  it('names the line of a wrong value inside a list', () => {
    const err = errorOf(() => parseLocalConfig('partnerFiles:\n  - partner: acme\n    file: a.csv\n  - partner: ""\n    file: b.csv\n', 'c.yaml'));
    expect(err.message).toMatch(/^c\.yaml line 4, key "partnerFiles\.1\.partner": name the partner/);
  });

  it('signals: a kind by its API name, the Slack webhook by the variable that holds it (never the URL)', () => {
    const yaml = parseLocalConfig('signals:\n  kinds: [Prospect_Became_Customer]\n  notify:\n    slackWebhookEnv: PL_SLACK\n    digest: false\n', 'c.yaml');
    expect(yaml.signals).toEqual({ kinds: ['Prospect_Became_Customer'], notify: { salesforce: true, slackWebhookEnv: 'PL_SLACK', digest: false } });
    const kind = errorOf(() => parseLocalConfig('signals:\n  kinds:\n    - Prospect_Became_Customer\n    - Partner_Won\n', 'c.yaml'));
    expect(kind.message).toMatch(/^c\.yaml line 4, key "signals\.kinds\.1": use the Kind__c API names: Partner_Opened_Deal, Prospect_Became_Customer/);
    const url = errorOf(() => parseLocalConfig('signals:\n  notify:\n    slackWebhookEnv: https://hooks.slack.com/services/T0/B0/x\n', 'c.yaml'));
    expect(url.message).toMatch(/^c\.yaml line 3, key "signals\.notify\.slackWebhookEnv": name the environment variable holding the Slack incoming-webhook URL .*never goes in this file/);
  });

  it('names the line of a syntax error', () => {
    const err = errorOf(() => parseLocalConfig('{\n  "partnerFiles": [,\n}', 'c.json'));
    expect(err.message).toMatch(/^c\.json line 2: the file is not valid JSON/);
  });

  it('defaults without a file and fails for a missing --config', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plcfg-'));
    expect(loadLocalConfig(dir).partnerFiles).toEqual([]);
    expect(errorOf(() => loadLocalConfig(dir, 'nope.json')).message).toContain('No PartnerLens config file');
    writeFileSync(path.join(dir, 'partnerlens.config.json'), '{"targetOrg":"x"}');
    expect(loadLocalConfig(dir)).toMatchObject({ targetOrg: 'x', baseDir: dir });
  });
});
