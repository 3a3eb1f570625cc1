import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// End to end through the compiled CLI (npm test builds lib/ first), as a user runs it.
const run = promisify(execFile);
const repo = path.resolve(__dirname, '../..');
const bin = path.join(repo, 'bin/run.js');

async function partnerlens(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [bin, ...args], { cwd: repo });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, stdout: err.stdout };
  }
}

describe('partnerlens model', () => {
  it('prints the data model as JSON', async () => {
    const { code, stdout } = await partnerlens('model', '--object', 'Partner_Influence__c', '--json');
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { status: number; result: { fields: { field: string; type: string; reference?: string }[] } };
    expect(out.status).toBe(0);
    expect(out.result.fields).toContainEqual(expect.objectContaining({ field: 'Opportunity__c', type: 'MasterDetail', reference: 'Opportunity' }));
  });

  it('exits 2 and names the valid objects for an unknown one', async () => {
    const { code, stdout } = await partnerlens('model', '--object', 'Nope__c', '--json');
    expect(code).toBe(2);
    const out = JSON.parse(stdout) as { name: string; actions: string[] };
    expect(out.name).toBe('UnknownObject');
    expect(out.actions[0]).toContain('Partner_Overlap__c');
  });
});
