// Metadata: every object and custom field of this version's force-app is in the org's describe.
import { readForceApp } from '../../metadata/forceAppModel.js';
import { STANDARD_OBJECT_NAMES } from '../../schema/standardObjects.js';
import { compositeGets } from './composite.js';
import { doctorMessages as messages } from './messages.js';
import { finding, type DoctorContext, type Finding } from './types.js';

/** Names shown in the summary; the rest are in details. */
const NAMED = 5;

/** Two calls: describe global, then one composite of the objects' describes (25 a call). */
export async function checkMetadata(ctx: DoctorContext): Promise<Finding> {
  const model = readForceApp(ctx.forceAppDir, STANDARD_OBJECT_NAMES);
  const expected = Object.values(model.objects);
  const customObjects = expected.filter((o) => o.custom).map((o) => o.name);
  const fieldCount = expected.reduce((n, o) => n + Object.keys(o.fields).length, 0);

  const global = await ctx.client.send<{ sobjects: { name: string }[] }>('GET', '/sobjects');
  const inOrg = new Set(global.sobjects.map((s) => s.name.toLowerCase()));
  const present = expected.filter((o) => inOrg.has(o.name.toLowerCase()));
  const describes = await compositeGets(ctx.client, present.map((o) => `/sobjects/${o.name}/describe`));

  const missingObjects = expected.filter((o) => o.custom && !inOrg.has(o.name.toLowerCase())).map((o) => o.name);
  const missingFields: string[] = [];
  for (const o of expected.filter((x) => !inOrg.has(x.name.toLowerCase()) && !x.custom)) missingFields.push(...Object.keys(o.fields).map((f) => `${o.name}.${f}`));
  present.forEach((o, i) => {
    const d = describes[i];
    const fields = new Set(d?.ok === true ? ((d.body as { fields?: { name: string }[] }).fields ?? []).map((f) => f.name.toLowerCase()) : []);
    for (const f of Object.keys(o.fields)) if (!fields.has(f.toLowerCase())) missingFields.push(`${o.name}.${f}`);
  });
  // a missing object's fields are implied by the object
  const absentFieldsOfMissing = expected.filter((o) => missingObjects.includes(o.name)).reduce((n, o) => n + Object.keys(o.fields).length, 0);
  if (missingObjects.length === 0 && missingFields.length === 0) {
    return finding('ok', messages.getMessage('metadata.ok', [ctx.version, customObjects.length, fieldCount]));
  }
  const names = [...missingObjects, ...missingFields];
  const shown = `${names.slice(0, NAMED).join(', ')}${names.length > NAMED ? `, and ${names.length - NAMED} more` : ''}`;
  return finding(
    'fail',
    messages.getMessage('metadata.missing', [ctx.version, missingObjects.length, customObjects.length, missingFields.length + absentFieldsOfMissing, fieldCount, shown]),
    messages.getMessages('metadata.missing.actions'),
    names.length > NAMED ? names : [],
  );
}
