import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localConfigSchema } from '../../src/config/localConfig.js';
import { generateDemoData } from '../../src/demo/generateDemoData.js';
import { writeDemoFiles } from '../../src/demo/writeDemoFiles.js';
import { readPartnerFile } from '../../src/sources/partnerFile.js';
import { readReferralFile } from '../../src/sources/referralFile.js';

describe('writeDemoFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pl-demo-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every partner and referral file where the returned config says, readable by the parsers', async () => {
    const data = generateDemoData({ seed: 5, accounts: 80 });
    const entries = writeDemoFiles(data, dir);
    const config = localConfigSchema.parse(entries);
    expect(config.partnerFiles.map((f) => f.partner)).toEqual(data.partners.map((p) => p.externalId));
    expect(config.referralFiles).toHaveLength(data.partners.filter((p) => p.referralFile).length);
    for (const entry of config.partnerFiles) {
      const file = await readPartnerFile(path.join(dir, entry.file));
      expect(file.records.length).toBeGreaterThan(0);
    }
    for (const entry of config.referralFiles) expect((await readReferralFile(path.join(dir, entry.file))).referrals.length).toBeGreaterThan(0);
    const northwind = data.partners.find((p) => p.externalId === 'northwind');
    expect(readFileSync(path.join(dir, northwind?.partnerFile.path ?? ''), 'utf8')).toBe(northwind?.partnerFile.content);
  });
});
