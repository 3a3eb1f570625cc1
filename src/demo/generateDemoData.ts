import { toCsv } from '../common/csv.js';
import type { OurRecord } from '../match/types.js';
import {
  AccountFields,
  LeadFields,
  OpportunityFields,
  Partner,
  PartnerInfluence,
  type MatchMethod,
  type Population,
} from '../schema/dataModel.js';
import { OPPORTUNITY_STAGES } from '../schema/standardObjects.js';
import { Random } from './random.js';
import type {
  DemoData,
  DemoExpectation,
  DemoFile,
  DemoObject,
  DemoPartner,
  DemoRecord,
  ExpectedDecoy,
  ExpectedFileError,
  ExpectedOverlap,
  ExpectedReferral,
  FieldValue,
} from './types.js';
import { FIRST_NAMES, FREE_MAIL, INDUSTRIES, LAST_NAMES, NAME_FIRST, NAME_SECOND, PARTNER_STAGES, PRODUCTS, SUFFIXES } from './vocabulary.js';

export interface DemoOptions {
  seed: number;
  /** Our Accounts; leads, opportunities and partner files scale with it. */
  accounts?: number;
  /** YYYY-MM-DD that "the last 18 months" ends on; pass the real date from the command, keep the default in tests. */
  today?: string;
  /** Share of our accounts each partner's file holds. */
  plantRate?: number;
  /** Create a Contact for every converted lead. */
  contacts?: boolean;
}

export const DEMO_DEFAULTS = { accounts: 3000, today: '2026-11-01', plantRate: 0.08, contacts: true } as const;

/** Win rates and cycle lengths the data is built with: partner involvement wins more and faster. */
const WIN_RATE = { partner: 0.45, sourced: 0.5, other: 0.25 } as const;
/** Lead conversion rates: partner-sourced leads convert better. */
const CONVERSION = { partner: 0.4, other: 0.15 } as const;
const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const HISTORY_DAYS = 540;

const OPEN_STAGES = OPPORTUNITY_STAGES.filter((s) => !s.closed).map((s) => s.name);
const POPULATION_ORDER: readonly Population[] = ['Customer', 'Open Opportunity', 'Prospect', 'Lead'];

interface Company {
  name: string;
  domain: string;
}

interface AccountDraft {
  ref: string;
  company: Company;
  /** Website as typed into our CRM (messy, same registrable domain); undefined for some. */
  website?: string;
  duns?: string;
  type: string | null;
  industry: string;
  created: number;
  opps: OppDraft[];
}

interface OppDraft {
  ref: string;
  account: AccountDraft;
  created: number;
  close: number;
  stage: string;
  amount: number;
  sourcePartner?: string;
}

interface LeadDraft {
  ref: string;
  first: string;
  last: string;
  company: string;
  email: string;
  /** The company domain of the e-mail; undefined for free-mail leads. */
  domain?: string;
  website?: string;
  created: number;
  converted?: { account: AccountDraft; opp?: OppDraft; contactRef?: string; date: number };
  sourcePartner?: string;
  status: string;
}

interface PartnerDef {
  ref: string;
  name: string;
  externalId: string;
  domain: string;
  type: DemoPartner['type'];
  tier: string;
  sharingLevel: DemoPartner['sharingLevel'];
  /** How the partner's file is laid out. */
  layout: 'csv-ids' | 'csv-semicolon' | 'json';
  /** Population spellings this partner uses. */
  words: Readonly<Record<Population, readonly string[]>>;
}

const PARTNERS: readonly PartnerDef[] = [
  {
    ref: 'partner-orbit', name: 'Orbit Cloud', externalId: 'orbit-cloud', domain: 'orbitcloud.io', type: 'Technology', tier: 'Gold',
    sharingLevel: 'Overlapping records', layout: 'csv-ids',
    words: { Customer: ['Customer'], 'Open Opportunity': ['Open Opportunity'], Prospect: ['Prospect'], Lead: ['Lead'] },
  },
  {
    ref: 'partner-northwind', name: 'Northwind Resellers', externalId: 'northwind', domain: 'northwind-resellers.com', type: 'Reseller', tier: 'Platinum',
    sharingLevel: 'All records', layout: 'csv-semicolon',
    words: { Customer: ['customers', 'Customers', 'client'], 'Open Opportunity': ['open opp', 'pipeline', 'Open Opps'], Prospect: ['prospects', 'target accounts'], Lead: ['leads', 'MQL'] },
  },
  {
    ref: 'partner-blueharbor', name: 'Blue Harbor Consulting', externalId: 'blue-harbor', domain: 'blueharbor.co.uk', type: 'SI', tier: 'Silver',
    sharingLevel: 'Counts only', layout: 'json',
    words: { Customer: ['CUSTOMER'], 'Open Opportunity': ['OPEN_OPPORTUNITY', 'Opportunity'], Prospect: ['PROSPECT'], Lead: ['LEAD'] },
  },
];

/** Hand-picked tenants of private suffixes: two apps on one host are two companies. */
const HOSTED: readonly Company[] = [
  { name: 'Quill Notes', domain: 'quillnotes.github.io' },
  { name: 'Tallyho Apps', domain: 'tallyho.herokuapp.com' },
];

/**
 * The last account's Website is its LinkedIn page, as CRMs often hold; each partner file has another
 * company's LinkedIn page. Profiles on a shared host give no domain key: the two must never match.
 */
const LINKEDIN_PAGE = (slug: string): string => `https://www.linkedin.com/company/${slug}/`;
const OTHER_LINKEDIN: Company = { name: 'Lattice Freight', domain: 'latticefreight.com' };

/** Another app on the first hosted account's host: must never match it. */
const OTHER_TENANT: Company = { name: 'Quill Labs', domain: 'quilllabs.github.io' };

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Unique company names and domains; every domain the demo uses goes through `reserve`. */
class Companies {
  private readonly used = new Set<string>();
  private readonly nextNumber = new Map<string, number>();

  public constructor(private readonly random: Random) {}

  public reserve(domain: string): boolean {
    if (this.used.has(domain)) return false;
    this.used.add(domain);
    return true;
  }

  public next(): Company {
    const first = this.random.pick(NAME_FIRST);
    const second = this.random.pick(NAME_SECOND);
    const suffix = this.random.pick(SUFFIXES);
    const legal = this.random.pick(suffix.legal);
    const base = `${first}${this.random.chance(0.2) ? '-' : ''}${second}`.toLowerCase();
    // numbered names ("Apex Labs 7") once a name is taken; the counter avoids rescanning taken numbers
    const stem = `${base}.${suffix.tld}`;
    for (let n = this.nextNumber.get(stem) ?? 1; ; n++) {
      const domain = `${base}${n === 1 ? '' : n}.${suffix.tld}`;
      if (this.reserve(domain)) {
        this.nextNumber.set(stem, n + 1);
        const name = `${first} ${second}${n === 1 ? '' : ` ${n}`}${legal === '' ? '' : ` ${legal}`}`;
        return { name, domain };
      }
    }
  }

  /** The same label on a suffix none of our records use ("acme.com" -> "acme.de"). */
  public nearMiss(domain: string): string | undefined {
    const label = domain.split('.')[0] ?? domain;
    for (const { tld } of this.random.shuffle([...SUFFIXES, { tld: 'ca' }, { tld: 'nl' }, { tld: 'es' }])) {
      const candidate = `${label}.${tld}`;
      if (this.reserve(candidate)) return candidate;
    }
    return undefined;
  }
}

/** Messy ways people write a website that all keep its registrable domain. */
const WEBSITE_VARIANTS: readonly [string, (domain: string) => string][] = [
  ['plain', (d) => d],
  ['www', (d) => `www.${d}`],
  ['url-path', (d) => `https://www.${d}/about-us?utm_source=partner`],
  ['upper-case', (d) => d.toUpperCase()],
  ['trailing-slash', (d) => `${d}/`],
  ['subdomain', (d) => `http://shop.${d}`],
  ['trailing-dot', (d) => `${d}.`],
  ['port', (d) => `https://${d}:443/`],
];

/** How our own CRM stores websites (also messy, the way reps type them). */
function crmWebsite(random: Random, domain: string): string {
  return random.pick([`https://www.${domain}`, `www.${domain}`, domain, `http://${domain}/`, `https://${domain}/en`]);
}

function dunsNumber(random: Random, used: Set<string>): string {
  for (;;) {
    const duns = String(random.int(10_000_000, 999_999_999)).padStart(9, '0');
    if (!used.has(duns)) {
      used.add(duns);
      return duns;
    }
  }
}

function dashedDuns(duns: string): string {
  return `${duns.slice(0, 2)}-${duns.slice(2, 5)}-${duns.slice(5)}`;
}

function person(random: Random): { first: string; last: string } {
  return { first: random.pick(FIRST_NAMES), last: random.pick(LAST_NAMES) };
}

/** "Søren", "Van Dijk" -> "soren.vandijk": mailboxes are plain ASCII. */
function mailbox(first: string, last: string): string {
  const part = (name: string): string =>
    name
      .replace(/ø/g, 'o')
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
  return `${part(first)}.${part(last)}`;
}

/** The populations a record is in under the default filters (config/settings POPULATIONS). */
function accountPopulations(account: { type: string | null; opps: readonly { stage: string }[] }): Population[] {
  const pops: Population[] = [];
  if (account.type === 'Customer') pops.push('Customer');
  if (account.opps.some((o) => OPEN_STAGES.includes(o.stage))) pops.push('Open Opportunity');
  if (account.type === 'Prospect') pops.push('Prospect');
  return pops;
}

/**
 * A realistic, deterministic demo org and its partners' files (see docs in DemoData's types): our
 * Accounts/Contacts/Opportunities/Leads over the last 18 months, three partners with messy file drops
 * and referral files, manual Sourced influence rows, and a built-in partner lift (deals on accounts
 * partners know, and partner-sourced deals, win more and close faster; partner leads convert better).
 * `expected` says what the sync must find, from how the data was planted.
 */
export function generateDemoData(options: DemoOptions): DemoData {
  const accountsWanted = options.accounts ?? DEMO_DEFAULTS.accounts;
  const today = options.today ?? DEMO_DEFAULTS.today;
  const plantRate = options.plantRate ?? DEMO_DEFAULTS.plantRate;
  const withContacts = options.contacts ?? DEMO_DEFAULTS.contacts;
  const random = new Random(options.seed);
  const now = Date.parse(`${today}T12:00:00.000Z`);
  if (!Number.isFinite(now)) throw new RangeError(`today must be YYYY-MM-DD, got ${today}`);
  const daysAgo = (days: number): number => now - days * DAY_MS;
  const companies = new Companies(random);
  for (const p of PARTNERS) companies.reserve(p.domain);
  for (const h of [...HOSTED, OTHER_TENANT, OTHER_LINKEDIN]) companies.reserve(h.domain);
  for (const f of FREE_MAIL) companies.reserve(f);
  const dunsUsed = new Set<string>();

  // Accounts, then which partner files will hold them (decided first: partner involvement shapes outcomes).
  const accounts: AccountDraft[] = [];
  for (let i = 0; i < accountsWanted; i++) {
    const company = i < HOSTED.length ? (HOSTED[i] as Company) : companies.next();
    const hasWebsite = i < HOSTED.length || random.chance(0.92);
    accounts.push({
      ref: `acct-${String(i + 1).padStart(6, '0')}`,
      company,
      website: hasWebsite ? crmWebsite(random, company.domain) : undefined,
      duns: random.chance(0.3) ? dunsNumber(random, dunsUsed) : undefined,
      type: null,
      industry: random.pick(INDUSTRIES),
      created: daysAgo(random.int(HISTORY_DAYS, HISTORY_DAYS + 900)),
      opps: [],
    });
  }
  const onLinkedIn = accounts.length > HOSTED.length ? accounts[accounts.length - 1] : undefined;
  if (onLinkedIn !== undefined) {
    onLinkedIn.website = LINKEDIN_PAGE(onLinkedIn.company.domain.split('.')[0] ?? 'company');
    onLinkedIn.duns = undefined;
  }
  const plantsByPartner = PARTNERS.map((partner) => {
    const eligible = accounts.filter((a) => a !== onLinkedIn && (a.website !== undefined || (a.duns !== undefined && partner.layout !== 'csv-semicolon')));
    const chosen = random.sample(eligible, Math.round(accounts.length * plantRate));
    // the hosted tenants are always planted in the first partner's file: the private-suffix case
    if (partner === PARTNERS[0]) for (const hosted of accounts.slice(0, HOSTED.length)) if (!chosen.includes(hosted)) chosen.push(hosted);
    return new Set(chosen);
  });
  const known = (a: AccountDraft): boolean => plantsByPartner.some((set) => set.has(a));

  // Opportunities with the lift built in.
  let oppCount = 0;
  const opps: OppDraft[] = [];
  for (const account of accounts) {
    const n = random.pick([0, 0, 1, 1, 1, 2, 2, 3]);
    for (let k = 0; k < n; k++) {
      const sourcePartner = random.chance(0.04) ? random.pick(PARTNERS).ref : undefined;
      opps.push(draftOpp(random, account, ++oppCount, sourcePartner, known(account), now));
    }
  }

  // Leads: converted ones came from accounts with deals; partner-sourced ones convert better.
  const leads: LeadDraft[] = [];
  const contacts: DemoRecord[] = [];
  const newLead = (fields: Omit<LeadDraft, 'ref'>): LeadDraft => {
    const lead = { ref: `lead-${String(leads.length + 1).padStart(6, '0')}`, ...fields };
    leads.push(lead);
    return lead;
  };
  let convertedPartner = 0;
  let convertedOther = 0;
  for (const account of accounts) {
    const first = account.opps[0];
    if (first === undefined || !random.chance(0.35)) continue;
    const fromPartner = first.sourcePartner ?? (random.chance(0.25) ? random.pick(PARTNERS).ref : undefined);
    if (fromPartner !== undefined && first.sourcePartner === undefined) redrawAsSourced(random, first, fromPartner, now);
    const { first: firstName, last } = person(random);
    const contactRef = withContacts ? `contact-${String(contacts.length + 1).padStart(6, '0')}` : undefined;
    const email = `${mailbox(firstName, last)}@${account.company.domain}`;
    if (contactRef !== undefined) {
      contacts.push({ ref: contactRef, values: { FirstName: firstName, LastName: last, Email: email, CreatedDate: isoTime(first.created) }, lookups: { AccountId: account.ref } });
    }
    newLead({
      first: firstName, last, company: account.company.name, email, domain: account.company.domain, created: first.created - random.int(5, 40) * DAY_MS,
      converted: { account, opp: first, contactRef, date: first.created }, sourcePartner: fromPartner, status: 'Closed - Converted',
    });
    if (fromPartner === undefined) convertedOther++;
    else convertedPartner++;
  }
  // unconverted leads in the numbers that give the intended conversion rates
  const openPartner = Math.round((convertedPartner * (1 - CONVERSION.partner)) / CONVERSION.partner);
  const openOther = Math.round((convertedOther * (1 - CONVERSION.other)) / CONVERSION.other);
  for (let i = 0; i < openPartner + openOther; i++) {
    const { first, last } = person(random);
    const freeMail = random.chance(0.15);
    const company = companies.next();
    const domain = freeMail ? undefined : company.domain;
    newLead({
      first, last, company: company.name, domain,
      email: `${mailbox(first, last)}${freeMail ? random.int(1, 99) : ''}@${domain ?? random.pick(FREE_MAIL)}`,
      website: domain !== undefined && random.chance(0.3) ? crmWebsite(random, domain) : undefined,
      created: daysAgo(random.int(0, HISTORY_DAYS)),
      sourcePartner: i < openPartner ? random.pick(PARTNERS).ref : undefined,
      status: random.pick(['Open - Not Contacted', 'Working - Contacted', 'Closed - Not Converted']),
    });
  }

  // Accounts' Type follows their history; every planted account must be in some population.
  for (const account of accounts) {
    const won = account.opps.some((o) => o.stage === 'Closed Won');
    account.type = won ? (random.chance(0.9) ? 'Customer' : 'Customer - Direct') : random.pick(['Prospect', 'Prospect', 'Prospect', 'Other', null]);
    if (known(account) && accountPopulations(account).length === 0) account.type = 'Prospect';
  }

  const expected = {
    overlaps: [] as ExpectedOverlap[],
    decoys: [] as ExpectedDecoy[],
    fileErrors: [] as ExpectedFileError[],
    referrals: [] as ExpectedReferral[],
    duplicateRows: {} as Record<string, number>,
    nextWeekMoves: [] as DemoExpectation['nextWeekMoves'],
  };
  const openCompanyLeads = leads.filter((l) => l.converted === undefined && l.domain !== undefined);
  const referralTargets = random.sample(openCompanyLeads.filter((l) => l.sourcePartner === undefined), 15);
  const partners: DemoPartner[] = PARTNERS.map((def, index) => {
    const plantedAccounts = [...(plantsByPartner[index] as Set<AccountDraft>)];
    const plantedLeads = def.layout === 'json' ? [] : random.sample(openCompanyLeads, Math.round(openCompanyLeads.length * plantRate * 0.5));
    const { file: partnerFile, nextWeek } = buildPartnerFile(random, def, plantedAccounts, plantedLeads, accounts, companies, () => dunsNumber(random, dunsUsed), expected);
    const referralFile = def.layout === 'json' ? undefined : buildReferralFile(random, def, referralTargets, companies, today, expected);
    return { ref: def.ref, name: def.name, externalId: def.externalId, domain: def.domain, type: def.type, sharingLevel: def.sharingLevel, partnerFile, nextWeekFile: nextWeek, ...(referralFile ? { referralFile } : {}) };
  });

  return { seed: options.seed, today, objects: demoObjects(accounts, contacts, opps, leads, random), partners, expected };
}

function draftOpp(random: Random, account: AccountDraft, n: number, sourcePartner: string | undefined, partnerKnown: boolean, now: number): OppDraft {
  const opp: OppDraft = { ref: `opp-${String(n).padStart(6, '0')}`, account, created: 0, close: 0, stage: '', amount: random.int(50, 2500) * 100, sourcePartner };
  drawOutcome(random, opp, partnerKnown, now);
  account.opps.push(opp);
  return opp;
}

/** Stage, dates and cycle: closed deals with partner involvement win more often and sooner. */
function drawOutcome(random: Random, opp: OppDraft, partnerKnown: boolean, now: number): void {
  const closed = random.chance(0.7);
  const winRate = opp.sourcePartner !== undefined ? WIN_RATE.sourced : partnerKnown ? WIN_RATE.partner : WIN_RATE.other;
  const fast = opp.sourcePartner !== undefined || partnerKnown;
  if (closed) {
    const cycle = fast ? random.int(30, 75) : random.int(60, 130);
    opp.close = now - random.int(1, HISTORY_DAYS - cycle) * DAY_MS;
    opp.created = opp.close - cycle * DAY_MS;
    opp.stage = random.chance(winRate) ? 'Closed Won' : 'Closed Lost';
  } else {
    opp.created = now - random.int(5, 200) * DAY_MS;
    opp.close = now + random.int(10, 120) * DAY_MS;
    opp.stage = random.pick(OPEN_STAGES);
  }
}

function redrawAsSourced(random: Random, opp: OppDraft, partnerRef: string, now: number): void {
  opp.sourcePartner = partnerRef;
  drawOutcome(random, opp, true, now);
}

interface PartnerRow {
  recordId?: string;
  company: string;
  website?: string;
  email?: string;
  population: string;
  ownerName?: string;
  ownerEmail?: string;
  stage?: string;
  duns?: string;
  /** A raw line written as is (the malformed rows). */
  raw?: string;
  /** Filled when the row is an error the parser must report. */
  error?: { field?: keyof PartnerRow | 'cells' };
  /** Expected overlap, completed with the line once the file is laid out. */
  overlap?: Omit<ExpectedOverlap, 'partnerRef'>;
}

function companyVariant(random: Random, name: string): string {
  const bare = name.replace(/ (Inc\.?|LLC|Corp\.|Corporation|Ltd|Limited|plc|Pty Ltd|GmbH|AG|SA|SAS)$/, '');
  return random.pick([name, name, name.toUpperCase(), bare, `${bare}, Inc.`]);
}

function buildPartnerFile(
  random: Random,
  def: PartnerDef,
  plantedAccounts: readonly AccountDraft[],
  plantedLeads: readonly LeadDraft[],
  accounts: readonly AccountDraft[],
  companies: Companies,
  freshDuns: () => string,
  expected: Pick<DemoExpectation, 'overlaps' | 'decoys' | 'fileErrors' | 'duplicateRows' | 'nextWeekMoves'>,
): { file: DemoFile; nextWeek: DemoFile } {
  const hasIds = def.layout !== 'csv-semicolon';
  const hasDuns = def.layout !== 'csv-semicolon';
  const hasEmail = def.layout === 'csv-ids';
  let idCounter = 0;
  const nextId = (): string | undefined => (hasIds ? `${def.externalId.slice(0, 3).toUpperCase()}-${String(++idCounter).padStart(6, '0')}` : undefined);
  const word = (population: Population): string => random.pick(def.words[population]);
  const owner = (): Pick<PartnerRow, 'ownerName' | 'ownerEmail'> => {
    const { first, last } = person(random);
    return { ownerName: `${first} ${last}`, ownerEmail: def.layout === 'csv-semicolon' ? undefined : `${mailbox(first, last)}@${def.domain}` };
  };
  const rows: PartnerRow[] = [];

  for (const account of plantedAccounts) {
    const population = random.pick<Population>(['Customer', 'Customer', 'Open Opportunity', 'Open Opportunity', 'Prospect', 'Prospect', 'Lead']);
    const name = companyVariant(random, account.company.name);
    const recordId = nextId();
    const base = { recordId, company: name, population: word(population), ...owner(), stage: population === 'Open Opportunity' ? random.pick(PARTNER_STAGES) : undefined };
    let row: PartnerRow;
    let method: MatchMethod;
    let key: string;
    let variant: string;
    if (account.duns !== undefined && hasDuns && (account.website === undefined || random.chance(0.3))) {
      const withSite = account.website !== undefined && random.chance(0.5);
      variant = withSite ? 'duns-and-website' : 'duns';
      row = { ...base, duns: random.chance(0.5) ? dashedDuns(account.duns) : account.duns, website: withSite ? `www.${account.company.domain}` : undefined };
      method = 'DUNS';
      key = account.duns;
    } else if (hasEmail && random.chance(0.1)) {
      const { first, last } = person(random);
      variant = 'contact-email';
      row = { ...base, email: `${mailbox(first, last)}@${account.company.domain}` };
      method = 'Email domain';
      key = account.company.domain;
    } else {
      const [name2, write] = random.pick(WEBSITE_VARIANTS);
      variant = name2;
      row = { ...base, website: write(account.company.domain) };
      method = 'Domain';
      key = account.company.domain;
    }
    const ourPopulation = accountPopulations(account)[0] as Population;
    row.overlap = { ourRef: account.ref, ourObject: 'Account', ourPopulation, partnerCompanyName: name, ...(recordId ? { partnerRecordId: recordId } : {}), partnerPopulation: population, method, key, variant };
    rows.push(row);
  }
  for (const lead of plantedLeads) {
    const domain = lead.domain as string;
    const population = random.pick<Population>(['Prospect', 'Lead', 'Lead']);
    const [variant, write] = random.pick(WEBSITE_VARIANTS);
    const recordId = nextId();
    const row: PartnerRow = { recordId, company: lead.company, website: write(domain), population: word(population), ...owner() };
    const method: MatchMethod = lead.website !== undefined ? 'Domain' : 'Email domain';
    row.overlap = { ourRef: lead.ref, ourObject: 'Lead', ourPopulation: 'Lead', partnerCompanyName: lead.company, ...(recordId ? { partnerRecordId: recordId } : {}), partnerPopulation: population, method, key: domain, variant };
    rows.push(row);
  }

  // Look-alikes that must not match, and the partner's own companies we do not have.
  const planted = new Set(plantedAccounts);
  const others = random.sample(accounts.slice(HOSTED.length).filter((a) => !planted.has(a) && a.website !== undefined), 40);
  const decoy = (row: PartnerRow, reason: ExpectedDecoy['reason'], ourRef?: string): void => {
    rows.push(row);
    expected.decoys.push({ partnerRef: def.ref, partnerCompanyName: row.company, reason, ...(ourRef ? { ourRef } : {}) });
  };
  for (const account of others.slice(0, 2)) {
    const near = companies.nearMiss(account.company.domain);
    if (near !== undefined) decoy({ recordId: nextId(), company: account.company.name, website: `www.${near}`, population: word('Customer') }, 'near-miss-suffix', account.ref);
  }
  decoy({ recordId: nextId(), company: OTHER_TENANT.name, website: `https://${OTHER_TENANT.domain}/`, population: word('Prospect') }, 'other-tenant', accounts[0]?.ref);
  const dunsTwin = others.slice(2).find((a) => a.duns !== undefined);
  if (hasDuns && dunsTwin !== undefined) {
    const other = freshDuns();
    decoy({ recordId: nextId(), company: `${dunsTwin.company.name} (subsidiary)`, website: dunsTwin.company.domain, duns: other, population: word('Customer') }, 'duns-conflict', dunsTwin.ref);
  }
  decoy({ recordId: nextId(), company: 'Freelance Collective', website: 'gmail.com', population: word('Lead') }, 'free-mail');
  const onLinkedIn = accounts.find((a) => a.website?.includes('linkedin.com/company/') === true);
  if (onLinkedIn !== undefined) {
    decoy({ recordId: nextId(), company: OTHER_LINKEDIN.name, website: LINKEDIN_PAGE('lattice-freight'), population: word('Customer') }, 'shared-host-profile', onLinkedIn.ref);
  }
  for (let i = 0; i < plantedAccounts.length; i++) {
    const company = companies.next();
    decoy({ recordId: nextId(), company: company.name, website: random.pick(WEBSITE_VARIANTS)[1](company.domain), population: word(random.pick(POPULATION_ORDER)), ...owner() }, 'partner-only');
  }

  // Rows the parser must reject, and repeats it must drop.
  const bad = (row: PartnerRow, field: PartnerRow['error']): void => {
    rows.push({ ...row, error: field });
  };
  const junk = companies.next();
  bad({ recordId: nextId(), company: junk.name, website: junk.domain, population: 'Custmer' }, { field: 'population' });
  bad({ recordId: nextId(), company: 'Intranet Test', website: def.layout === 'json' ? '10.0.0.12' : 'localhost', population: word('Prospect') }, { field: 'website' });
  bad({ recordId: nextId(), company: '', website: companies.next().domain, population: word('Lead') }, { field: 'company' });
  if (hasDuns) bad({ recordId: nextId(), company: companies.next().name, website: companies.next().domain, duns: '12345', population: word('Customer') }, { field: 'duns' });
  if (def.layout === 'csv-ids') bad({ recordId: nextId(), company: 'Name Only Industries', population: word('Prospect') }, {});
  const duplicates: PartnerRow[] = [];
  const plantedRows = rows.filter((r) => r.overlap !== undefined && r.overlap.ourObject === 'Account');
  const first = plantedRows[0];
  if (first !== undefined) duplicates.push({ ...first, overlap: undefined });
  const customerRow = plantedRows.find((r) => r.overlap?.partnerPopulation === 'Customer' && r !== first);
  if (!hasIds && customerRow !== undefined) duplicates.push({ ...customerRow, population: word('Prospect'), overlap: undefined });

  const ordered = random.shuffle(rows);
  // repeats go after their original so the parser keeps the original's line
  ordered.push(...duplicates);
  const file = layOut(def, ordered, expected.fileErrors);
  expected.duplicateRows[file.path] = duplicates.length;
  for (const row of ordered) if (row.overlap !== undefined) expected.overlaps.push({ partnerRef: def.ref, ...row.overlap });
  if (def.layout === 'csv-semicolon') {
    // an unquoted delimiter inside a name: the parser must report the cell count, not misread the row
    const line = file.content.split('\r\n').length;
    file.content += `Smith; Jones Ltd;smithjones.co.uk;customers;;\r\n`;
    expected.fileErrors.push({ path: file.path, line });
  }
  return { file, nextWeek: nextWeekFile(def, ordered, first, expected.nextWeekMoves) };
}

/**
 * The partner's next file: the same rows, with its first few prospects (by file order) now customers and the next
 * few now open opportunities, which the next sync reports as partner signals. No random draw: the rest of the demo
 * data is the same with or without it.
 */
function nextWeekFile(def: PartnerDef, rows: readonly PartnerRow[], skip: PartnerRow | undefined, moves: DemoExpectation['nextWeekMoves']): DemoFile {
  const word = (population: Population): string => def.words[population][0] as string;
  let customers = 3;
  let deals = 2;
  const moved = rows.map((row): PartnerRow => {
    if (row === skip || row.overlap?.ourObject !== 'Account' || row.overlap.partnerPopulation !== 'Prospect') return row;
    const to: Population | undefined = customers > 0 ? 'Customer' : deals > 0 ? 'Open Opportunity' : undefined;
    if (to === undefined) return row;
    if (to === 'Customer') customers--;
    else deals--;
    moves.push({ partnerRef: def.ref, ourRef: row.overlap.ourRef, from: 'Prospect', to });
    return { ...row, population: word(to) };
  });
  return layOut(def, moved, []);
}

/** Writes the rows in the partner's own format and records the line of every row the parser must reject. */
function layOut(def: PartnerDef, rows: readonly PartnerRow[], fileErrors: ExpectedFileError[]): DemoFile {
  const path = `partners/${def.externalId}.${def.layout === 'json' ? 'json' : 'csv'}`;
  const columnsByLayout = {
    'csv-ids': { recordId: 'Record ID', company: 'Company Name', website: 'Website', email: 'Contact Email', population: 'Population', ownerName: 'Account Owner', ownerEmail: 'Owner Email', stage: 'Opportunity Stage', duns: 'DUNS' },
    'csv-semicolon': { company: 'company_name', website: 'domain', population: 'segment', ownerName: 'owner', stage: 'stage' },
    json: { recordId: 'id', company: 'company', website: 'website', population: 'population', ownerName: 'owner', ownerEmail: 'ownerEmail', duns: 'duns' },
  } as const;
  const columns: Partial<Record<keyof PartnerRow, string>> = columnsByLayout[def.layout];
  const fields = Object.keys(columns) as (keyof PartnerRow)[];
  rows.forEach((row, i) => {
    if (row.error !== undefined) {
      const field = row.error.field === undefined || row.error.field === 'cells' ? undefined : columns[row.error.field as keyof PartnerRow];
      fileErrors.push({ path, line: i + (def.layout === 'json' ? 1 : 2), ...(field ? { field } : {}) });
    }
  });
  if (def.layout === 'json') {
    const records = rows.map((row) => Object.fromEntries(fields.filter((f) => row[f] !== undefined).map((f) => [columns[f], row[f]])));
    return { partnerRef: def.ref, path, content: `${JSON.stringify({ partner: def.name, records }, null, 2)}\n` };
  }
  const cells = rows.map((row) => fields.map((f) => (row[f] as string | undefined) ?? ''));
  const header = fields.map((f) => columns[f] as string);
  const content =
    def.layout === 'csv-semicolon'
      ? toCsv(cells, { header: true, columns: header, delimiter: ';', record_delimiter: 'windows', bom: true })
      : toCsv(cells, { header: true, columns: header });
  return { partnerRef: def.ref, path, content };
}

function buildReferralFile(
  random: Random,
  def: PartnerDef,
  targets: LeadDraft[],
  companies: Companies,
  today: string,
  expected: { referrals: ExpectedReferral[]; fileErrors: ExpectedFileError[]; duplicateRows: Record<string, number> },
): DemoFile {
  const path = `referrals/${def.externalId}.csv`;
  const withIds = def.layout === 'csv-ids';
  const recent = (days: number): string => isoDay(Date.parse(`${today}T12:00:00.000Z`) - days * DAY_MS);
  const writeDate = (iso: string): string => {
    if (withIds) return iso;
    const d = new Date(`${iso}T00:00:00.000Z`);
    return random.chance(0.5) ? iso.replace(/-/g, '/') : `${MONTHS[d.getUTCMonth()] as string} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
  };
  interface Row { id?: string; company: string; first: string; last: string; email: string; date: string; website?: string; notes?: string; expect?: Omit<ExpectedReferral, 'partnerRef'>; errorField?: string }
  const rows: Row[] = [];
  let n = 0;
  const id = (): string | undefined => (withIds ? `${def.externalId.toUpperCase()}-R${String(++n).padStart(4, '0')}` : undefined);
  const add = (row: Omit<Row, 'id'>): void => {
    const referralId = id();
    rows.push({ ...row, ...(referralId ? { id: referralId } : {}), ...(row.expect ? { expect: { ...row.expect, ...(referralId ? { referralId } : {}) } } : {}) });
  };
  for (const lead of targets.splice(0, 3)) {
    const email = lead.email.replace(/^./, (c) => c.toUpperCase());
    add({ company: lead.company, first: lead.first, last: lead.last, email, date: recent(random.int(1, 30)), notes: 'Asked us for a joint demo', expect: { email, outcome: 'flag-existing', leadRef: lead.ref, by: 'email', freeMail: false } });
  }
  for (const lead of targets.splice(0, 2)) {
    const { first, last } = person(random);
    const email = `${mailbox(first, last)}.cfo@${lead.domain as string}`;
    add({ company: lead.company, first, last, email, date: recent(random.int(1, 30)), expect: { email, outcome: 'flag-existing', leadRef: lead.ref, by: 'domain', freeMail: false } });
  }
  for (let i = 0; i < 4; i++) {
    const company = companies.next();
    const { first, last } = person(random);
    const email = `${mailbox(first, last)}@${company.domain}`;
    add({ company: company.name, first, last, email, date: recent(random.int(1, 60)), website: `https://www.${company.domain}`, expect: { email, outcome: 'create-lead', freeMail: false } });
  }
  const { first, last } = person(random);
  const freeMailEmail = `${mailbox(first, last)}.${random.int(100, 999)}@gmail.com`;
  add({ company: `${last} Consulting`, first, last, email: freeMailEmail, date: recent(3), notes: 'Sole trader, no company e-mail', expect: { email: freeMailEmail, outcome: 'create-lead', freeMail: true } });
  const odd = companies.next();
  add({ company: odd.name, first: 'Ana', last: 'Costa', email: `ana.costa@${odd.domain}`, date: '03/04/2026', errorField: 'Referral Date' });
  add({ company: companies.next().name, first: 'Tom', last: 'Quinn', email: '', date: recent(2), errorField: 'Email' });

  const ordered = random.shuffle(rows);
  const header = withIds ? ['Referral ID', 'Company', 'First Name', 'Last Name', 'Email', 'Referral Date', 'Website', 'Notes'] : ['Company', 'Contact Name', 'Email', 'Date', 'Website', 'Notes'];
  const cells = ordered.map((r) =>
    withIds ? [r.id ?? '', r.company, r.first, r.last, r.email, writeDate(r.date), r.website ?? '', r.notes ?? ''] : [r.company, `${r.first} ${r.last}`, r.email, r.date.includes('/') ? r.date : writeDate(r.date), r.website ?? '', r.notes ?? ''],
  );
  ordered.forEach((r, i) => {
    if (r.errorField !== undefined) expected.fileErrors.push({ path, line: i + 2, field: withIds ? r.errorField : r.errorField === 'Referral Date' ? 'Date' : r.errorField });
    if (r.expect !== undefined) expected.referrals.push({ partnerRef: def.ref, ...r.expect });
  });
  expected.duplicateRows[path] = 0;
  return { partnerRef: def.ref, path, content: toCsv(cells, { header: true, columns: header }) };
}

function demoObjects(accounts: readonly AccountDraft[], contacts: DemoRecord[], opps: readonly OppDraft[], leads: readonly LeadDraft[], random: Random): DemoObject[] {
  const partnerRecords: DemoRecord[] = PARTNERS.map((p) => ({
    ref: p.ref,
    values: { [Partner.Name]: p.name, [Partner.Domain]: p.domain, [Partner.Status]: 'Active', [Partner.Tier]: p.tier, [Partner.Type]: p.type, [Partner.SharingLevel]: p.sharingLevel, [Partner.Source]: 'File', [Partner.ExternalId]: p.externalId },
    lookups: {},
  }));
  const accountRecords = accounts.map((a): DemoRecord => ({
    ref: a.ref,
    values: { Name: a.company.name, Website: a.website ?? null, Type: a.type, Industry: a.industry, [AccountFields.DUNS]: a.duns ?? null, BillingCountry: countryOf(a.company.domain), CreatedDate: isoTime(a.created) },
    lookups: {},
  }));
  const oppRecords = opps.map((o): DemoRecord => {
    const stage = OPPORTUNITY_STAGES.find((s) => s.name === o.stage);
    const values: Record<string, FieldValue> = {
      Name: `${o.account.company.name} - ${random.pick(PRODUCTS)}`, StageName: o.stage, Amount: o.amount, CloseDate: isoDay(o.close), CreatedDate: isoTime(o.created),
      Probability: stage?.probability ?? null, LeadSource: o.sourcePartner !== undefined ? 'Partner Referral' : random.pick(['Web', 'Phone Inquiry', 'Other']),
    };
    return { ref: o.ref, values, lookups: { AccountId: o.account.ref, ...(o.sourcePartner ? { [OpportunityFields.SourcePartner]: o.sourcePartner } : {}) } };
  });
  const leadRecords = leads.map((l): DemoRecord => {
    const lookups: Record<string, string> = {};
    if (l.converted !== undefined) {
      lookups.ConvertedAccountId = l.converted.account.ref;
      if (l.converted.opp) lookups.ConvertedOpportunityId = l.converted.opp.ref;
      if (l.converted.contactRef) lookups.ConvertedContactId = l.converted.contactRef;
    }
    if (l.sourcePartner !== undefined) lookups[LeadFields.SourcePartner] = l.sourcePartner;
    return {
      ref: l.ref,
      values: {
        FirstName: l.first, LastName: l.last, Company: l.company, Email: l.email, Website: l.website ?? null, Status: l.status,
        LeadSource: l.sourcePartner !== undefined ? 'Partner Referral' : 'Web', CreatedDate: isoTime(l.created),
        IsConverted: l.converted !== undefined, ConvertedDate: l.converted ? isoDay(l.converted.date) : null,
        [LeadFields.PartnerSourced]: l.sourcePartner !== undefined, [LeadFields.PartnerReferralDate]: l.sourcePartner !== undefined ? isoDay(l.created) : null,
      },
      lookups,
    };
  });
  // a few deals partner managers tagged by hand: Sourced, with attribution, on won and open deals
  const tagged = opps.filter((o) => o.sourcePartner !== undefined && o.stage !== 'Closed Lost');
  const influences = tagged.slice(0, Math.max(3, Math.round(accounts.length / 300))).map((o, i): DemoRecord => ({
    ref: `influence-${String(i + 1).padStart(5, '0')}`,
    values: { [PartnerInfluence.Role]: 'Sourced', [PartnerInfluence.AttributionPercent]: i % 3 === 2 ? 60 : 100, [PartnerInfluence.Origin]: 'Manual', [PartnerInfluence.TouchDate]: isoDay(o.created), [PartnerInfluence.Notes]: 'Registered by the partner before first contact', [PartnerInfluence.ExternalId]: `manual-${o.ref}` },
    lookups: { [PartnerInfluence.Opportunity]: o.ref, [PartnerInfluence.Partner]: o.sourcePartner as string },
  }));
  return [
    { object: Partner.apiName, records: partnerRecords },
    { object: 'Account', records: accountRecords },
    { object: 'Contact', records: contacts },
    { object: 'Opportunity', records: oppRecords },
    { object: 'Lead', records: leadRecords },
    { object: PartnerInfluence.apiName, records: influences },
  ];
}

function countryOf(domain: string): string {
  if (domain.endsWith('.co.uk')) return 'United Kingdom';
  if (domain.endsWith('.com.au')) return 'Australia';
  if (domain.endsWith('.de')) return 'Germany';
  if (domain.endsWith('.fr')) return 'France';
  return 'United States';
}

/**
 * Our side of the demo as the sync reads it with the default population filters: one OurRecord per
 * (record, population), ids being the demo refs.
 */
export function demoOurRecords(data: DemoData): OurRecord[] {
  const records = (object: string): DemoRecord[] => data.objects.find((o) => o.object === object)?.records ?? [];
  const openByAccount = new Set(records('Opportunity').filter((o) => OPEN_STAGES.includes(String(o.values.StageName))).map((o) => o.lookups.AccountId));
  const out: OurRecord[] = [];
  const text = (v: FieldValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
  for (const a of records('Account')) {
    const pops = accountPopulations({ type: text(a.values.Type) ?? null, opps: openByAccount.has(a.ref) ? [{ stage: OPEN_STAGES[0] as string }] : [] });
    for (const population of pops) out.push({ id: a.ref, object: 'Account', population, name: text(a.values.Name), website: text(a.values.Website), duns: text(a.values[AccountFields.DUNS]) });
  }
  for (const l of records('Lead')) {
    if (l.values.IsConverted === true) continue;
    out.push({ id: l.ref, object: 'Lead', population: 'Lead', name: text(l.values.Company), website: text(l.values.Website), email: text(l.values.Email) });
  }
  return out;
}
