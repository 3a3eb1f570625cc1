import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadLocalConfig } from '../../src/config/localConfig';
import { parsePartnerFile } from '../../src/sources/partnerFile';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { OrgClient } from '../../src/org/client';
import { connectionFor, type Target } from '../../src/org/connection';
import { ensureDefaultSettings, writeStarterConfig } from '../../src/usecases/init';
import { addPartner, listPartners } from '../../src/usecases/partners';
import { syncStatus } from '../../src/usecases/syncStatus';
import { importReferrals, syncFromConfig } from '../../src/sync/fromConfig';
import { exportForPartner } from '../../src/usecases/shareExport';
import { CheckpointStore } from '../../src/sync/state';

// Integration: the admin commands' modules against the local org over real HTTP.
jest.setTimeout(60_000);

describe('init, partners, referrals, status and share export against the local org', () => {
  let org: LocalOrg;
  let client: OrgClient;
  let target: Target;
  let dir: string;
  beforeEach(async () => {
    org = await startLocalOrg();
    target = { conn: connectionFor(org.instanceUrl, org.accessToken), key: 'local', label: 'local org' };
    client = new OrgClient(target.conn);
    dir = mkdtempSync(path.join(tmpdir(), 'pladmin-'));
  });
  afterEach(async () => org.stop());

  it('init writes a loadable starter config, refuses to overwrite it without --force, and creates the settings record once', async () => {
    const file = writeStarterConfig(dir, false, 'my-org');
    expect(loadLocalConfig(dir)).toMatchObject({ targetOrg: 'my-org', partnerFiles: [], referralFiles: [], checkpointDir: '.partnerlens/checkpoints', file });
    expect(() => writeStarterConfig(dir, false)).toThrow(expect.objectContaining({ name: 'ConfigExists', exitCode: 2 }));
    writeFileSync(path.join(dir, 'partnerlens.config.json'), '{}');
    expect(() => writeStarterConfig(dir, false)).toThrow(/already exists/);
    expect(writeStarterConfig(dir, true)).toBe(file);
    expect(readFileSync(file, 'utf8')).not.toContain('my-org');

    expect(await ensureDefaultSettings(client)).toMatchObject({ created: true });
    org.store.update('Partner_Sync_Setting__c', String(org.store.query('SELECT Id FROM Partner_Sync_Setting__c').records[0]?.Id), { Bulk_Threshold__c: 50 });
    expect(await ensureDefaultSettings(client)).toMatchObject({ created: false });
    expect(org.store.query("SELECT Customer_Filter__c, Bulk_Threshold__c FROM Partner_Sync_Setting__c WHERE External_Id__c = 'default'").records).toEqual([
      expect.objectContaining({ Customer_Filter__c: "Type = 'Customer'", Bulk_Threshold__c: 50 }),
    ]);
  });

  it('partners add normalises the domain, upserts by external id changing only the given fields, refuses a taken domain and a rename by domain, and list shows them', async () => {
    const first = await addPartner(client, { name: 'Orbit Cloud', domain: 'https://www.Orbit-Cloud.io/about', type: 'Technology', sharingLevel: 'Overlapping records' });
    expect(first).toMatchObject({ created: true, domain: 'orbit-cloud.io', externalId: 'orbit-cloud.io', status: 'Active', source: 'File' });
    // adding the same partner again updates only what was given: the sharing level stays
    expect(await addPartner(client, { name: 'Orbit Cloud', domain: 'orbit-cloud.io', tier: 'Gold' })).toMatchObject({ created: false, id: first.id, tier: 'Gold', sharingLevel: 'Overlapping records' });
    // the same domain under another name would silently rename it: refused, naming how to rename
    await expect(addPartner(client, { name: 'Orbit Cloud Inc', domain: 'orbit-cloud.io' })).rejects.toMatchObject({ name: 'PartnerExists', exitCode: 2, message: expect.stringMatching(/already the domain of partner "Orbit Cloud"/), actions: expect.arrayContaining([expect.stringContaining('--external-id orbit-cloud.io')]) });
    expect(await addPartner(client, { name: 'Orbit Cloud Inc', domain: 'orbit-cloud.io', externalId: 'orbit-cloud.io' })).toMatchObject({ created: false, id: first.id, name: 'Orbit Cloud Inc' });
    await expect(addPartner(client, { name: 'Intranet', domain: 'localhost' })).rejects.toMatchObject({ name: 'InvalidPartner', exitCode: 2, message: expect.stringMatching(/domain/) });
    await expect(addPartner(client, { name: 'Other', domain: 'orbit-cloud.io', externalId: 'other' })).rejects.toMatchObject({ name: 'DomainTaken', exitCode: 2, message: expect.stringMatching(/orbit-cloud\.io is already the domain of partner "Orbit Cloud Inc" \(External_Id__c orbit-cloud\.io\)/) });
    await addPartner(client, { name: 'Acme Partners', domain: 'acmepartners.com', externalId: 'acme', sharingLevel: 'Counts only' });
    expect((await listPartners(client)).map((p) => `${p.name} ${p.externalId} ${p.sharingLevel} ${p.tier ?? '-'}`)).toEqual(['Acme Partners acme Counts only -', 'Orbit Cloud Inc orbit-cloud.io Overlapping records Gold']);
  });

  it('referrals import flags, creates and reports contacts; a re-import writes nothing; status lists the runs', async () => {
    await addPartner(client, { name: 'Orbit Cloud', domain: 'orbitcloud.io', externalId: 'orbit' });
    org.store.insert('Lead', { LastName: 'Lee', Company: 'Acme', Email: 'ann.lee@acme.com' });
    const account = org.store.insert('Account', { Name: 'Globex', Website: 'globex.com', Type: 'Customer' }).id;
    org.store.insert('Contact', { LastName: 'Boss', Email: 'boss@globex.com', AccountId: account });
    writeFileSync(
      path.join(dir, 'refs.csv'),
      ['Company,First Name,Last Name,Email,Referral Date', 'Acme,Ann,Lee,ANN.LEE@acme.com,2026-11-20', 'Globex,Gil,Ray,gil.ray@globex.com,2026-11-21', 'Initech,Pete,Gibbons,pete@initech.com,21 Nov 2026', 'Broken,No,Date,x@broken.com,03/04/2026'].join('\n'),
    );
    const config = loadLocalConfig(dir);
    const run = () => importReferrals({ cwd: dir, target, config, partner: 'orbitcloud.io', file: 'refs.csv', overlapSeconds: 0 });
    const first = await run();
    // the only failure is a file row the import could not use: completed with 1 rejected row, not Partial
    expect(first.status).toBe('Succeeded');
    expect(first.counts).toMatchObject({ failed: 1, rejected: 1 });
    expect(first.failures).toEqual([expect.objectContaining({ object: 'referral file', key: `${path.join(dir, 'refs.csv')}:5`, fields: 'Referral Date' })]);
    expect(first.referrals.outcomes.map((o) => `${o.email} ${o.outcome} ${o.by ?? ''}`)).toEqual(['ANN.LEE@acme.com flagged email', 'gil.ray@globex.com contact domain', 'pete@initech.com created ']);
    expect(org.store.query("SELECT Email, LeadSource, Partner_Referral_Date__c, Source_Partner__r.External_Id__c FROM Lead WHERE Partner_Sourced__c = true ORDER BY Email").records).toEqual([
      expect.objectContaining({ Email: 'ann.lee@acme.com', Partner_Referral_Date__c: '2026-11-20' }),
      expect.objectContaining({ Email: 'pete@initech.com', LeadSource: 'Partner Referral', Partner_Referral_Date__c: '2026-11-21' }),
    ]);
    const again = await run();
    expect(again.counts).toMatchObject({ created: 0, updated: 0 });
    expect(again.referrals.outcomes).toEqual([]);
    expect(org.store.query('SELECT COUNT() FROM Lead').totalSize).toBe(2);
    const full = await syncFromConfig({ cwd: dir, target, config: { ...config, referralFiles: [{ partner: 'orbit', file: 'refs.csv' }] }, full: true });
    expect(full.referrals.outcomes.map((o) => o.outcome)).toEqual(['unchanged', 'contact', 'unchanged']);
    expect(org.store.query('SELECT COUNT() FROM Lead').totalSize).toBe(2);

    const status = await syncStatus(client, new CheckpointStore(path.resolve(dir, config.checkpointDir), target.key), 2);
    expect(status.runs.map((r) => r.status)).toEqual(['Succeeded', 'Succeeded']);
    expect(status.runs[0]).toMatchObject({ mode: 'Full', failed: 1, errors: expect.stringContaining('refs.csv') });
    expect(status.runs.every((r) => r.apiCalls > 0)).toBe(true);
    expect(status.checkpoint.watermark).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(status.checkpoint.pendingRun).toBeUndefined();
  });

  it('share export renders our populations at the partner sharing level and reads back as a partner file', async () => {
    for (let i = 0; i < 6; i++) org.store.insert('Account', { Name: `Company ${i}`, Website: `https://www.company${i}.com/x`, Type: i < 4 ? 'Customer' : 'Prospect' });
    org.store.insert('Lead', { LastName: 'Solo', Company: 'Solo', Email: 'solo@gmail.com' });
    await addPartner(client, { name: 'Counts', domain: 'counts.io', sharingLevel: 'Counts only' });
    await addPartner(client, { name: 'Overlap', domain: 'overlap.io', sharingLevel: 'Overlapping records' });
    await addPartner(client, { name: 'Secret', domain: 'secret.io', sharingLevel: 'Hidden' });
    writeFileSync(path.join(dir, 'overlap.csv'), 'company,website,population\nCompany 1,company1.com,Customer\nCompany 5,company5.com,Customer\n');
    await syncFromConfig({ cwd: dir, target, config: { ...loadLocalConfig(dir), partnerFiles: [{ partner: 'overlap.io', file: 'overlap.csv' }] } });

    const counts = await exportForPartner(client, 'counts.io');
    expect(counts.export).toMatchObject({ level: 'Counts only', counts: { Customer: 4, 'Open Opportunity': 0, Prospect: 2, Lead: 1 } });
    const overlap = await exportForPartner(client, 'overlap.io');
    expect(overlap.export.level).toBe('Overlapping records');
    const back = parsePartnerFile(overlap.export.csv, 'share.csv');
    expect(back.records.map((r) => `${r.companyName} ${r.domain} ${r.population} ${r.ownerName}`).sort()).toEqual(['Company 1 company1.com Customer Local Admin', 'Company 5 company5.com Prospect Local Admin']);
    expect(overlap.export.csv).not.toMatch(/001[0-9A-Za-z]{15}/);
    await expect(exportForPartner(client, 'secret.io')).rejects.toMatchObject({ name: 'SharingHidden' });
    await expect(exportForPartner(client, 'nobody.io')).rejects.toMatchObject({ name: 'UnknownPartner', exitCode: 2 });
  });
});
