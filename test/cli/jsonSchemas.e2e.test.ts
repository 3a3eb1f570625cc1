import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { runPartnerlens, runScript } from './runCli';

// Each command's --json result has a schema under schemas/ and each command's flags are in command-snapshot.json
// (@oclif/plugin-command-snapshot, as plugin-data keeps them), so a change to the output or the flags is a visible
// diff: `npm run snapshot` regenerates both. This test fails when the committed files and the code disagree, and
// when what a command really prints under --json does not validate against its committed schema.
const root = path.resolve(__dirname, '../..');

async function dev(...args: string[]): Promise<{ code: number; out: string }> {
  const r = await runScript(path.join(root, 'bin/dev.js'), root, args);
  return { code: r.code, out: r.stdout + r.stderr };
}

function schemaOf(command: string): object {
  return JSON.parse(readFileSync(path.join(root, 'schemas', `partnerlens-${command.replace(/ /g, '-')}.json`), 'utf8')) as object;
}

describe('--json schemas and the command snapshot', () => {
  jest.setTimeout(180_000);

  it('command-snapshot.json lists every command with its flags as the code declares them', async () => {
    const compared = await dev('snapshot:compare');
    expect(compared.out).toContain('No changes have been detected');
    expect(compared.code).toBe(0);
  });

  it('schemas/ holds the schema of every command result type as the code declares it', async () => {
    const compared = await dev('schema:compare');
    expect(compared.out).toContain('No changes have been detected');
    expect(compared.code).toBe(0);
  });

  describe('what the commands print validates against their schema', () => {
    let org: LocalOrg;
    let dir: string;
    const ajv = new Ajv({ allErrors: true, strict: false });
    beforeAll(async () => {
      org = await startLocalOrg();
      dir = mkdtempSync(path.join(tmpdir(), 'plschema-'));
      mkdirSync(path.join(dir, '.partnerlens'));
      writeFileSync(path.join(dir, '.partnerlens', 'localorg.json'), JSON.stringify({ instanceUrl: org.instanceUrl, accessToken: org.accessToken }));
      for (let i = 0; i < 3; i++) org.store.insert('Account', { Name: `Company ${i}`, Website: `company${i}.com`, Type: 'Customer' });
    });
    afterAll(async () => org.stop());

    it.each([
      ['init', ['init']],
      ['partners add', ['partners', 'add', '--name', 'Acme Partners', '--domain', 'acmepartners.com']],
      ['partners list', ['partners', 'list']],
      ['sync', ['sync']],
      ['sync status', ['sync', 'status']],
      ['report', ['report']],
      ['doctor', ['doctor']],
    ])('%s --json', async (command, args) => {
      const out = await runPartnerlens(dir, [...args, '--json']);
      // a command that fails (doctor with a failed check) prints its result as the error's data
      const printed = JSON.parse(out.stdout) as { status?: number; exitCode?: number; result?: unknown; data?: unknown; stack?: unknown };
      expect(printed.status ?? printed.exitCode).toBe(out.code);
      expect(printed.stack).toBeUndefined();
      const validate = ajv.compile(schemaOf(command));
      const valid = validate(out.code === 0 ? printed.result : printed.data);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    });
  });
});
