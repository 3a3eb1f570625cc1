// The versioned wire format: one JSON object per message, binary fields in base64. Everything a
// partner sends passes decodeMessage (zod) before the protocol touches it.
import { z } from 'zod';
import { Picklists } from '../schema/dataModel.js';
import { PsiError } from './errors.js';
import { KEY_KINDS, PSI_MODES, SESSION_BYTES, type Payload, type PsiMessage } from './protocol.js';

export const WIRE_PROTOCOL = 'partnerlens-psi';
export const WIRE_VERSION = 1;

/**
 * A binary field, decoded once: re-encoding must give the text back, so stray characters, missing padding and
 * non-canonical final bits are refused. (zod's base64 check decoded a million-element field a second time.)
 */
const b64 = z.string().transform((text, ctx) => {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') === text) return new Uint8Array(bytes);
  ctx.addIssue({ code: 'custom', message: 'not canonical base64' });
  return z.NEVER;
});
const header = { protocol: z.literal(WIRE_PROTOCOL), version: z.literal(WIRE_VERSION), session: z.string().regex(new RegExp(`^[0-9a-f]{${SESSION_BYTES * 2}}$`), 'a hex session id') };
const payloadSchema = z.strictObject({ index: z.int().nonnegative(), nonce: b64, ciphertext: b64 });
const setSize = z.int().positive();

const wireSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...header, type: z.literal('start'), keyKind: z.enum(KEY_KINDS), mode: z.enum(PSI_MODES), sharingLevel: z.enum(Picklists['Partner__c.Sharing_Level__c']), setSize, blinded: b64, populations: b64, minCellSize: z.int().positive().optional() }),
  z.strictObject({
    ...header,
    type: z.literal('response'),
    mode: z.enum(PSI_MODES),
    sharingLevel: z.enum(Picklists['Partner__c.Sharing_Level__c']),
    setSize,
    blinded: b64,
    populations: b64,
    doubled: b64,
    doubledPopulations: b64.optional(),
    minCellSize: z.int().positive().optional(),
  }),
  z.strictObject({ ...header, type: z.literal('finish'), doubled: b64, doubledPopulations: b64.optional(), payloads: z.array(payloadSchema) }),
  z.strictObject({ ...header, type: z.literal('attributes'), payloads: z.array(payloadSchema) }),
]);

function b64encode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The message as the JSON text a partner receives. */
export function encodeMessage(message: PsiMessage): string {
  const out: Record<string, unknown> = { protocol: WIRE_PROTOCOL, version: WIRE_VERSION };
  // Binary fields are appended as they are: base64 needs no JSON escaping, and JSON.stringify scanning the
  // 43 MB of a million elements again was the largest cost of sending them.
  let binary = '';
  for (const [field, value] of Object.entries(message)) {
    if (value instanceof Uint8Array) binary += `,${JSON.stringify(field)}:"${b64encode(value)}"`;
    else if (field === 'payloads') out[field] = (value as Payload[]).map((p) => ({ index: p.index, nonce: b64encode(p.nonce), ciphertext: b64encode(p.ciphertext) }));
    else out[field] = value;
  }
  const head = JSON.stringify(out);
  return `${head.slice(0, -1)}${binary}}`;
}

/** Parses and validates a received message; every problem becomes a PsiError that says what is wrong. */
export function decodeMessage(text: string | Uint8Array, maxBytes: number): PsiMessage {
  const size = typeof text === 'string' ? Buffer.byteLength(text) : text.byteLength;
  if (size > maxBytes) throw new PsiError('MessageTooLarge', [size, maxBytes]);
  let json: unknown;
  try {
    json = JSON.parse(typeof text === 'string' ? text : Buffer.from(text).toString('utf8'));
  } catch (error) {
    throw new PsiError('Malformed', ['received', `not complete JSON (${error instanceof Error ? error.message : String(error)}); was it truncated?`]);
  }
  if (typeof json === 'object' && json !== null && 'version' in json && json.version !== WIRE_VERSION) throw new PsiError('UnsupportedVersion', [String(json.version), WIRE_VERSION]);
  const parsed = wireSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    const type = typeof json === 'object' && json !== null && 'type' in json && typeof json.type === 'string' ? json.type : 'received';
    throw new PsiError('Malformed', [type, `${where}${issue?.message ?? 'invalid'}`]);
  }
  const { protocol: _protocol, version: _version, ...message } = parsed.data;
  return message as PsiMessage;
}
