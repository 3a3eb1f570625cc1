// A small evaluator for the formula subset PartnerLens's metadata uses: field references (own fields, and parent
// fields through a relationship: `Opportunity__r.Amount`), literals, comparison, logical and arithmetic operators,
// and NOT / AND / OR / IF / ISBLANK / ISNULL / BLANKVALUE / TEXT (a picklist's value as text, "" when blank).
// Blank numbers count as zero (formulaTreatBlanksAs BlankAsZero). Anything else fails to compile, so an
// unsupported formula is reported when the org starts rather than computed wrongly. The evaluator knows no field types: the caller reads values as formulas see them (a
// Percent field as a fraction, 30% = 0.3) and resolves relationship paths (store.ts).

export type FormulaValue = string | number | boolean | null;
type Node =
  | { k: 'lit'; v: FormulaValue }
  | { k: 'field'; name: string }
  | { k: 'call'; fn: string; args: Node[] }
  | { k: 'bin'; op: string; l: Node; r: Node }
  | { k: 'not'; e: Node }
  | { k: 'neg'; e: Node };

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_][A-Za-z0-9_.]*)|(\|\||&&|==|!=|<>|<=|>=|[-+*/&=<>!(),]))/y;
const PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '=': 3, '==': 3, '!=': 3, '<>': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '&': 5, '*': 6, '/': 6 };
const FUNCTIONS = new Set(['NOT', 'AND', 'OR', 'IF', 'ISBLANK', 'ISNULL', 'BLANKVALUE', 'TEXT']);
/** A field, or a path through relationships (`Rel__r.Field`); which paths an org can follow is the caller's call. */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(src);
    if (!m) throw new Error(`unsupported formula syntax at "${src.slice(TOKEN.lastIndex, TOKEN.lastIndex + 10)}"`);
    out.push(m[0].trim());
  }
  return out;
}

export function compileFormula(src: string): Node {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const expect = (t: string): void => {
    if (tokens[pos++] !== t) throw new Error(`expected ${t} in formula ${src}`);
  };
  const primary = (): Node => {
    const t = tokens[pos++];
    if (t === undefined) throw new Error(`unexpected end of formula ${src}`);
    if (t === '(') {
      const e = expr(0);
      expect(')');
      return e;
    }
    if (t === '!') return { k: 'not', e: primary() };
    if (t === '-') return { k: 'neg', e: primary() };
    if (/^\d/.test(t)) return { k: 'lit', v: Number(t) };
    if (/^["']/.test(t)) return { k: 'lit', v: t.slice(1, -1).replace(/\\(.)/g, '$1') };
    const upper = t.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return { k: 'lit', v: upper === 'TRUE' };
    if (upper === 'NULL') return { k: 'lit', v: null };
    if (peek() === '(') {
      if (!FUNCTIONS.has(upper)) throw new Error(`unsupported formula function ${t}`);
      pos++;
      const args: Node[] = [];
      while (peek() !== ')') {
        args.push(expr(0));
        if (peek() === ',') pos++;
      }
      pos++;
      return upper === 'NOT' && args[0] ? { k: 'not', e: args[0] } : { k: 'call', fn: upper, args };
    }
    if (!FIELD_PATH.test(t)) throw new Error(`unsupported formula term ${t}`);
    return { k: 'field', name: t };
  };
  const expr = (min: number): Node => {
    let left = primary();
    for (let op = peek(); op !== undefined && (PRECEDENCE[op] ?? 0) > min; op = peek()) {
      pos++;
      left = { k: 'bin', op, l: left, r: expr(PRECEDENCE[op] ?? 0) };
    }
    return left;
  };
  const root = expr(0);
  if (pos !== tokens.length) throw new Error(`unexpected "${tokens[pos] ?? ''}" in formula ${src}`);
  return root;
}

/** The field names and relationship paths (`Opportunity__r.Amount`) a formula reads, as written. */
export function formulaFields(node: Node): string[] {
  switch (node.k) {
    case 'field': return [node.name];
    case 'call': return node.args.flatMap(formulaFields);
    case 'bin': return [...formulaFields(node.l), ...formulaFields(node.r)];
    case 'not':
    case 'neg': return formulaFields(node.e);
    default: return [];
  }
}

const blank = (v: FormulaValue): boolean => v === null || v === '';
const num = (v: FormulaValue): number => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : blank(v) ? 0 : Number(v));

export function evaluateFormula(node: Node, read: (field: string) => FormulaValue): FormulaValue {
  const ev = (n: Node): FormulaValue => evaluateFormula(n, read);
  switch (node.k) {
    case 'lit': return node.v;
    case 'field': return read(node.name);
    case 'not': return !ev(node.e);
    case 'neg': return -num(ev(node.e));
    case 'call': {
      const a = node.args;
      switch (node.fn) {
        case 'AND': return a.every((x) => Boolean(ev(x)));
        case 'OR': return a.some((x) => Boolean(ev(x)));
        case 'IF': return a[0] && ev(a[0]) ? (a[1] ? ev(a[1]) : null) : a[2] ? ev(a[2]) : null;
        case 'ISBLANK':
        case 'ISNULL': return a[0] ? blank(ev(a[0])) : true;
        case 'TEXT': { const v = a[0] ? ev(a[0]) : null; return blank(v) ? '' : String(v); }
        default: { // BLANKVALUE
          const v = a[0] ? ev(a[0]) : null;
          return blank(v) && a[1] ? ev(a[1]) : v;
        }
      }
    }
    case 'bin': {
      const l = ev(node.l);
      if (node.op === '||') return Boolean(l) || Boolean(ev(node.r));
      if (node.op === '&&') return Boolean(l) && Boolean(ev(node.r));
      const r = ev(node.r);
      const numeric = typeof l === 'number' || typeof r === 'number';
      const cmp = numeric ? num(l) - num(r) : String(l ?? '').localeCompare(String(r ?? ''));
      switch (node.op) {
        case '=': case '==': return numeric ? cmp === 0 : (l ?? '') === (r ?? '');
        case '!=': case '<>': return numeric ? cmp !== 0 : (l ?? '') !== (r ?? '');
        case '<': return cmp < 0;
        case '<=': return cmp <= 0;
        case '>': return cmp > 0;
        case '>=': return cmp >= 0;
        case '&': return String(l ?? '') + String(r ?? '');
        case '+': return num(l) + num(r);
        case '-': return num(l) - num(r);
        case '*': return num(l) * num(r);
        default: return num(r) === 0 ? null : num(l) / num(r);
      }
    }
  }
}

export type CompiledFormula = Node;
