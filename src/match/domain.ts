import { domainToASCII } from 'node:url';
import { parse } from 'tldts';

/**
 * domainToASCII, skipped for a name that is already lower-case ASCII letters, digits, dots and hyphens without a
 * punycode label: such a name is its own ASCII form, and the call was a tenth of matching 100,000 accounts.
 */
function toAscii(name: string): string {
  if (/^[a-z0-9.-]*$/.test(name) && !name.includes('xn--')) {
    const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
    // a host ending in a number is an IPv4 address to the URL parser ("1.2.3" is 1.2.0.3): left to it
    if (/^[a-z]/.test(trimmed.slice(trimmed.lastIndexOf('.') + 1))) return name;
  }
  return domainToASCII(name);
}

/**
 * The registrable domain ("acme.co.uk") of a host or URL by the Public Suffix List's algorithm, in
 * lower-case ASCII (IDNs as punycode, so both spellings agree); undefined when there is none.
 * Private suffixes count (foo.github.io, shop.myshopify.com, app.herokuapp.com) so two tenants of a host
 * never share a key. A TLD the list does not know gives its last two labels ("intranet.corp", the list's
 * default "*" rule); a leading dot, IPs and single labels (localhost) give undefined.
 * This is the syntax layer only: which domains stand for a company is websiteDomain's business.
 */
export function registrableDomain(input: string | null | undefined): string | undefined {
  if (input === null || input === undefined) return undefined;
  const trimmed = input.trim();
  if (trimmed === '') return undefined;
  const parsed = parse(trimmed, { allowPrivateDomains: true });
  if (parsed.isIp === true || parsed.domain === null) return undefined;
  // ".example.com": an empty first label is not a host name (the PSL's own test vectors say null)
  if (parsed.hostname === null || parsed.hostname.startsWith('.')) return undefined;
  const ascii = toAscii(parsed.domain);
  return ascii === '' ? undefined : ascii;
}

/**
 * A registrable domain without its public suffix: "acme" for acme.co.uk, acme.de and acme.com. Undefined for
 * a key that is not a registrable domain itself (a shared-hosting tenant such as acme.wordpress.com, whose
 * label would be the host's).
 */
export function domainLabel(domain: string): string | undefined {
  const parsed = parse(domain, { allowPrivateDomains: true });
  if (parsed.domain === null || toAscii(parsed.domain) !== domain) return undefined;
  return parsed.domainWithoutSuffix ?? undefined;
}

export type WebsiteDomainResult = { domain: string } | { excluded: WebsiteExclusion };
export type WebsiteExclusion = 'shared-host' | 'placeholder' | 'invalid';

/**
 * Hosts whose pages are profiles or links of other companies. A Website such as
 * linkedin.com/company/acme names the host, not the company, so any path on them gives no key; two
 * unrelated companies with LinkedIn pages would otherwise match "by domain linkedin.com". The host's own
 * bare site (https://www.linkedin.com/) still stands for the host company.
 */
const PROFILE_HOSTS: ReadonlyMap<string, string> = new Map([
  ['linkedin.com', 'company and people profiles'],
  ['facebook.com', 'pages of any business'],
  ['fb.com', "Facebook's short host"],
  ['x.com', 'accounts of anyone'],
  ['twitter.com', 'accounts of anyone (x.com before 2023)'],
  ['instagram.com', 'accounts of anyone'],
  ['youtube.com', 'channels of anyone'],
  ['youtu.be', "YouTube's short links"],
  ['github.com', 'organisations and users'],
  ['crunchbase.com', 'company profiles'],
  ['yelp.com', 'business listings'],
  ['bit.ly', 'short links to anywhere'],
  ['linktr.ee', 'link pages of anyone'],
]);

/**
 * Shared hosting that gives each customer a subdomain but is not a private suffix on the Public Suffix
 * List: the tenant (acme.wordpress.com) is the company, the registrable domain (wordpress.com) is not.
 * The key is the tenant's whole host, as if the list had the private entry. The bare host gives no key.
 */
const SUBDOMAIN_TENANT_HOSTS: ReadonlyMap<string, string> = new Map([
  ['wordpress.com', 'WordPress.com sites'],
  ['squarespace.com', 'Squarespace sites'],
  ['weebly.com', 'Weebly sites'],
  ['wixsite.com', 'Wix sites'],
]);

/**
 * Shared hosting that gives each customer a path: the host plus the first `segments` path segments is
 * the tenant ("sites.google.com/view/acme", "www.gov.uk/government/organisations/hm-revenue-customs").
 * Without those segments the value names the host, not a company, and gives no key.
 */
const PATH_TENANT_HOSTS: ReadonlyArray<{ host: string; prefix: readonly string[]; segments: number; reason: string }> = [
  { host: 'sites.google.com', prefix: ['view'], segments: 2, reason: 'Google Sites (new): /view/<site>' },
  { host: 'sites.google.com', prefix: ['site'], segments: 2, reason: 'Google Sites (classic): /site/<site>' },
  { host: 'sites.google.com', prefix: ['a'], segments: 2, reason: 'Google Sites on a Workspace domain (classic): /a/<domain>' },
  { host: 'www.gov.uk', prefix: ['government', 'organisations'], segments: 3, reason: 'every UK government body lives under one host' },
];
/** Hosts whose bare form (no tenant path) is the platform, not a company; www.gov.uk alone is the government's site. */
const PATH_TENANT_BARE_EXCLUDED: ReadonlySet<string> = new Set(['sites.google.com']);
const PATH_TENANT_HOST_NAMES: ReadonlySet<string> = new Set(PATH_TENANT_HOSTS.map((r) => r.host));

/** Reserved for documentation and tests (RFC 2606, RFC 6761): never a real company's website or mail. */
const PLACEHOLDER_DOMAINS: ReadonlySet<string> = new Set(['example.com', 'example.net', 'example.org', 'example.edu']);
const PLACEHOLDER_TLDS: ReadonlySet<string> = new Set(['example', 'test', 'invalid', 'localhost']);

/** Host (lower case, no port or user) and path segments of a website as people type it. */
function splitWebsite(input: string): { host: string; segments: string[] } {
  const noScheme = input
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/^\/\//, '');
  const end = noScheme.search(/[/?#]/);
  const authority = end < 0 ? noScheme : noScheme.slice(0, end);
  const rest = end < 0 ? '' : noScheme.slice(end);
  const host = authority
    .replace(/^[^@]*@/, '')
    .replace(/:\d*$/, '')
    .replace(/\.$/, '')
    .toLowerCase();
  const path = rest.startsWith('/') ? (rest.split(/[?#]/)[0] ?? '') : '';
  return { host, segments: path.split('/').filter((s) => s !== '') };
}

/** Whether a registrable domain is reserved as an example (example.com, anything.test). */
export function isPlaceholderDomain(domain: string): boolean {
  const tld = domain.slice(domain.lastIndexOf('.') + 1);
  return PLACEHOLDER_DOMAINS.has(domain) || PLACEHOLDER_TLDS.has(tld);
}

/**
 * The key a Website (URL, host or domain) stands for as a company, or why it stands for none: a
 * profile on a shared host, a reserved example domain, or no domain at all. Tenants of shared hosting
 * the PSL omits key on the tenant. Both sides of a match (our org's records and the partner's file)
 * go through this one function.
 */
export function websiteDomain(input: string | null | undefined): WebsiteDomainResult {
  if (input === null || input === undefined) return { excluded: 'invalid' };
  const domain = registrableDomain(input);
  if (domain === undefined) return { excluded: 'invalid' };
  if (isPlaceholderDomain(domain)) return { excluded: 'placeholder' };
  const { host: rawHost, segments } = splitWebsite(input);
  const host = toAscii(rawHost) || rawHost;

  if (PROFILE_HOSTS.has(domain)) return segments.length === 0 ? { domain } : { excluded: 'shared-host' };

  if (SUBDOMAIN_TENANT_HOSTS.has(domain)) {
    const sub = host === domain ? '' : host.slice(0, -domain.length - 1).replace(/^www\./, '');
    if (sub === '' || sub === 'www') return { excluded: 'shared-host' };
    // the tenant is the label right above the host's domain (blog.acme.wordpress.com -> acme.wordpress.com)
    return { domain: `${sub.slice(sub.lastIndexOf('.') + 1)}.${domain}` };
  }

  const lowerSegments = segments.map((s) => s.toLowerCase());
  for (const rule of PATH_TENANT_HOSTS) {
    if (host !== rule.host) continue;
    if (!rule.prefix.every((p, i) => lowerSegments[i] === p)) continue;
    if (lowerSegments.length < rule.segments) continue;
    return { domain: [host, ...lowerSegments.slice(0, rule.segments)].join('/') };
  }
  if (PATH_TENANT_HOST_NAMES.has(host)) {
    // any other page of the host (www.gov.uk/vat-rates) is about the host or many tenants, not one
    if (segments.length > 0 || PATH_TENANT_BARE_EXCLUDED.has(host)) return { excluded: 'shared-host' };
  }
  return { domain };
}
