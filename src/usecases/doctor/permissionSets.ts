// Permission sets: force-app's permission sets are in the org and assigned to active users.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { doctorMessages as messages } from './messages.js';
import { finding, type DoctorContext, type Finding } from './types.js';

/** The permission set names force-app deploys (PartnerLens_Admin, PartnerLens_Manager, PartnerLens_Rep). */
export function permissionSetNames(forceAppDir: string): string[] {
  const dir = path.join(forceAppDir, 'main', 'default', 'permissionsets');
  return (existsSync(dir) ? readdirSync(dir) : []).map((f) => /^(\w+)\.permissionset-meta\.xml$/.exec(f)?.[1]).filter((n): n is string => n !== undefined).sort();
}

/** Two calls: the permission sets by name, and their assignments to active users. */
export async function checkPermissionSets(ctx: DoctorContext): Promise<Finding> {
  const names = permissionSetNames(ctx.forceAppDir);
  const list = names.map((n) => `'${n}'`).join(', ');
  const sets = await ctx.client.query(`SELECT Id, Name FROM PermissionSet WHERE Name IN (${list})`);
  const deployed = new Set(sets.map((s) => String(s.Name)));
  const notDeployed = names.filter((n) => !deployed.has(n));
  if (notDeployed.length > 0) return finding('fail', messages.getMessage('permission-sets.notDeployed', [notDeployed.join(', ')]), messages.getMessages('permission-sets.notDeployed.actions'));

  const assignments = await ctx.client.query(`SELECT AssigneeId, PermissionSet.Name FROM PermissionSetAssignment WHERE PermissionSet.Name IN (${list}) AND Assignee.IsActive = true`);
  const users = new Map<string, Set<string>>(names.map((n) => [n, new Set()]));
  for (const a of assignments) users.get(String((a.PermissionSet as { Name?: unknown } | null)?.Name))?.add(String(a.AssigneeId));
  const counted = (n: string): string => `${n} (${users.get(n)?.size ?? 0})`;
  const assigned = names.filter((n) => (users.get(n)?.size ?? 0) > 0);
  const unassigned = names.filter((n) => !assigned.includes(n));
  if (assigned.length === 0) return finding('fail', messages.getMessage('permission-sets.nobody', [names.join(', ')]), messages.getMessages('permission-sets.nobody.actions'));
  if (unassigned.length > 0) return finding('warn', messages.getMessage('permission-sets.some', [assigned.map(counted).join(', '), unassigned.join(', ')]), messages.getMessages('permission-sets.some.actions', [unassigned[0]]));
  return finding('ok', messages.getMessage('permission-sets.ok', [names.map(counted).join(', ')]));
}
