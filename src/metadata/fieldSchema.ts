import { z } from 'zod';

// What a CustomField needs per type to deploy. Parsed from source-format XML (values arrive as
// strings, or arrays when repeated), so numbers and booleans are coerced from text.
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const int = z.coerce.number().int();
const text = z.string().min(1);

const base = {
  fullName: text,
  label: z.string().min(1).max(40, 'labels are at most 40 characters'),
  inlineHelpText: z.string().min(1, 'every PartnerLens field has help text').max(510),
  description: z.string().optional(),
  required: bool.optional(),
  trackTrending: bool.optional(),
  trackHistory: bool.optional(),
  externalId: bool.optional(),
  unique: bool.optional(),
  caseSensitive: bool.optional(),
};

const picklistValue = z.object({ fullName: z.coerce.string().min(1), default: bool, label: z.coerce.string().min(1) });

export const fieldSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('Text'), length: int.min(1).max(255) }),
  z.object({ ...base, type: z.literal('Email') }),
  z.object({ ...base, type: z.literal('Phone') }),
  z.object({ ...base, type: z.literal('Url') }),
  z.object({ ...base, type: z.literal('TextArea') }),
  z.object({ ...base, type: z.literal('LongTextArea'), length: int.min(256).max(131072), visibleLines: int.min(1) }),
  z.object({ ...base, type: z.literal('Date') }),
  z.object({ ...base, type: z.literal('DateTime') }),
  z.object({ ...base, type: z.literal('Checkbox'), defaultValue: bool }),
  ...(['Number', 'Currency', 'Percent'] as const).map((type) =>
    z
      .object({ ...base, type: z.literal(type), precision: int.min(1).max(18), scale: int.min(0), defaultValue: z.coerce.string().optional() })
      .refine((f) => f.scale <= f.precision, { message: 'scale must not exceed precision', path: ['scale'] }),
  ),
  z.object({
    ...base,
    type: z.literal('Picklist'),
    valueSet: z.object({
      restricted: bool.optional(),
      valueSetDefinition: z.object({ sorted: bool.optional(), value: z.array(picklistValue).min(1) }),
    }),
  }),
  z.object({
    ...base,
    type: z.literal('Lookup'),
    referenceTo: text,
    relationshipName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'relationshipName must be an API name'),
    relationshipLabel: text,
    deleteConstraint: z.enum(['SetNull', 'Restrict', 'Cascade']),
  }),
  z.object({
    ...base,
    type: z.literal('MasterDetail'),
    referenceTo: text,
    relationshipName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'relationshipName must be an API name'),
    relationshipLabel: text,
    relationshipOrder: int.min(0).max(1),
  }),
  z.object({
    ...base,
    type: z.literal('Summary'),
    summaryOperation: z.enum(['count', 'sum', 'min', 'max']),
    summaryForeignKey: text,
    summarizedField: z.string().optional(),
    summaryFilterItems: z.array(z.object({ field: text, operation: text, value: z.coerce.string() })).optional(),
  }),
]);

export type FieldXml = z.infer<typeof fieldSchema>;

/** Formula fields carry the result type in <type>; they are recognised by their <formula> element. */
export const formulaFieldSchema = z
  .object({
    ...base,
    type: z.enum(['Checkbox', 'Text', 'Number', 'Currency', 'Percent', 'Date', 'DateTime']),
    formula: text,
    precision: int.min(1).max(18).optional(),
    scale: int.min(0).optional(),
  })
  .refine((f) => !['Number', 'Currency', 'Percent'].includes(f.type) || (f.precision !== undefined && f.scale !== undefined), {
    message: 'a numeric formula needs precision and scale',
    path: ['precision'],
  })
  .refine((f) => f.scale === undefined || f.precision === undefined || f.scale <= f.precision, { message: 'scale must not exceed precision', path: ['scale'] });

export type FormulaFieldXml = z.infer<typeof formulaFieldSchema>;
