// The set-difference defence: two counts exchanges with one partner whose own sets differ by one record tell
// the partner whether that record overlaps (compare the two results). So each time this side reveals its set to
// a partner (the response, or the finish), it keeps a fingerprint of that set, and before it reveals counts
// again it refuses when the new set differs from the last revealed one by fewer than the minimum.
//
// The fingerprint holds, per distinct key, a keyed BLAKE2b digest and the population mask; never the key.
// Keyed with a secret made once per exchange directory (sets/key, 0600): domains are guessable, so plain
// digests would let anyone holding the file test guesses against it, the very thing the exchange avoids.
// The exchange's own blinded elements cannot serve: their hash is bound to the session and the scalar erased.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PsiError } from './errors.js';
import { groupRecords, type PsiParty } from './protocol.js';
import { partnerSlug } from './result.js';
import { sodium } from './sodium.js';

const DIGEST_BYTES = 16;
const ENTRY_BYTES = DIGEST_BYTES + 1;
const KEY_BYTES = 32;

const fingerprintSchema = z.strictObject({
  version: z.literal(1),
  partner: z.string(),
  session: z.string(),
  at: z.iso.datetime(),
  /** ENTRY_BYTES per key: digest, then population mask. */
  entries: z.base64(),
});
type Fingerprint = z.infer<typeof fingerprintSchema>;

function folder(dir: string): string {
  return path.join(dir, 'sets');
}
function fingerprintPath(dir: string, partner: string): string {
  return path.join(folder(dir), `${partnerSlug(partner)}.json`);
}

/** The directory's digest key, created on first use (never leaves this machine). */
async function digestKey(dir: string): Promise<Uint8Array> {
  const file = path.join(folder(dir), 'key');
  if (!existsSync(file)) {
    await mkdir(folder(dir), { recursive: true, mode: 0o700 });
    // 'wx': two commands racing keep the first key
    await writeFile(file, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  const key = readFileSync(file);
  if (key.length !== KEY_BYTES) throw new PsiError('BadState', [`unreadable (${file}: expected ${KEY_BYTES} bytes)`, 'the set-difference check']);
  return key;
}

/** digest (latin1, one char per byte) -> population mask, for this side's distinct keys. */
function fingerprint(party: PsiParty, key: Uint8Array): Map<string, number> {
  const out = new Map<string, number>();
  const digest = Buffer.alloc(DIGEST_BYTES);
  for (const [k, group] of groupRecords(party.records)) {
    sodium.crypto_generichash(digest, Buffer.from(k), key);
    out.set(digest.toString('latin1'), group.mask);
  }
  return out;
}

function readFingerprint(file: string): { meta: Fingerprint; entries: Map<string, number> } | undefined {
  if (!existsSync(file)) return undefined;
  let parsed;
  try {
    parsed = fingerprintSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    parsed = undefined;
  }
  const bytes = parsed?.success ? Buffer.from(parsed.data.entries, 'base64') : undefined;
  if (!parsed?.success || bytes === undefined || bytes.length % ENTRY_BYTES !== 0) throw new PsiError('BadState', [`unreadable (${file})`, 'the set-difference check']);
  const entries = new Map<string, number>();
  for (let at = 0; at < bytes.length; at += ENTRY_BYTES) entries.set(bytes.toString('latin1', at, at + DIGEST_BYTES), bytes[at + DIGEST_BYTES] ?? 0);
  return { meta: parsed.data, entries };
}

/** Keys added, removed, or moved to other populations between two fingerprints. */
function difference(before: Map<string, number>, now: Map<string, number>): number {
  let changed = 0;
  for (const [digest, mask] of now) if (before.get(digest) !== mask) changed++;
  for (const digest of before.keys()) if (!now.has(digest)) changed++;
  return changed;
}

/**
 * Refuses a counts exchange whose set differs from the one last revealed to this partner by 1 to minimum-1
 * keys. An identical set is allowed: it tells the partner nothing the previous counts did not.
 */
export async function checkSetDifference(dir: string, party: PsiParty): Promise<void> {
  const minimum = party.policy.minSetDifference;
  if (minimum === undefined || minimum <= 1) return;
  const previous = readFingerprint(fingerprintPath(dir, party.partner));
  if (previous === undefined) return;
  const changed = difference(previous.entries, fingerprint(party, await digestKey(dir)));
  if (changed > 0 && changed < minimum) throw new PsiError('SetTooSimilar', [changed, party.partner, previous.meta.session, previous.meta.at, minimum], [minimum]);
}

/**
 * Keeps the fingerprint of the set this side is about to reveal to the partner in `session` (atomically, 0600);
 * nothing while the check is off, so a side that does not want it keeps no trace of its set.
 */
export async function recordRevealedSet(dir: string, party: PsiParty, session: string): Promise<void> {
  if ((party.policy.minSetDifference ?? 1) <= 1) return;
  const entries = fingerprint(party, await digestKey(dir));
  const bytes = Buffer.alloc(entries.size * ENTRY_BYTES);
  let at = 0;
  for (const [digest, mask] of entries) {
    bytes.write(digest, at, 'latin1');
    bytes[at + DIGEST_BYTES] = mask;
    at += ENTRY_BYTES;
  }
  const record: Fingerprint = { version: 1, partner: party.partner, session, at: new Date().toISOString(), entries: bytes.toString('base64') };
  const file = fingerprintPath(dir, party.partner);
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, JSON.stringify(record), { mode: 0o600 });
  await rename(temp, file);
}
