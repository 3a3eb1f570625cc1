import disposableDomains from 'disposable-email-domains/index.json';
import disposableWildcards from 'disposable-email-domains/wildcard.json';
import freeMailProviders from 'email-providers/all.json';
import { freeEmailDomains } from 'free-email-domains-typescript';
import { isPlaceholderDomain, registrableDomain } from './domain.js';

export type EmailDomainResult = { domain: string } | { excluded: 'free-mail' | 'disposable' | 'placeholder' | 'invalid' };

/**
 * Free-mail providers neither package lists (checked when added), each with why it is one. The packages
 * are the maintained part; this table is for the ones we met in partner files before they did.
 */
const FREE_MAIL_EXTRA: ReadonlyMap<string, string> = new Map([
  ['zohomail.eu', "Zoho's free personal mail, EU data centre (zohomail.com is in free-email-domains-typescript, the EU host in neither)"],
  // Tuta (Tutanota): a large free provider under six domains, none in either list when checked
  ...['tuta.io', 'tuta.com', 'tutanota.com', 'tutanota.de', 'tutamail.com', 'keemail.me'].map(
    (d): [string, string] => [d, 'Tuta free personal mail'],
  ),
  ['disroot.org', 'free community mail'],
  ['riseup.net', 'free community mail'],
  // relay aliases forward to a personal inbox and hide the employer the same way free-mail does
  ['passmail.net', 'Proton Pass relay alias'],
  ['simplelogin.com', 'SimpleLogin relay alias'],
  ['anonaddy.me', 'addy.io relay alias'],
]);

// Built once: the lists are static data shipped in the packages (~140k names), not state.
const disposable: ReadonlySet<string> = new Set(disposableDomains);
/** Every host under these registrable domains is throwaway (x.33mail.com). */
const disposableAnyHost: ReadonlySet<string> = new Set(disposableWildcards);
/** email-providers ∪ free-email-domains-typescript ∪ ours: a provider missing from one list is often in the other. */
const freeMail: ReadonlySet<string> = new Set([...freeMailProviders, ...freeEmailDomains, ...FREE_MAIL_EXTRA.keys()]);

/** Whether a registrable domain (or host) is a free-mail provider by the union of the lists. */
export function isFreeMailDomain(domain: string): boolean {
  return freeMail.has(domain.toLowerCase());
}

/**
 * The address inside a value as people paste it: "Jo Bloggs <jo@acme.com>" and "mailto:jo@acme.com"
 * give jo@acme.com; anything else is returned trimmed.
 */
export function bareAddress(value: string): string {
  const trimmed = value.trim();
  const angle = /^[^<>]*<([^<>]+)>$/.exec(trimmed);
  const address = angle?.[1] ?? trimmed;
  return address.trim().replace(/^mailto:/i, '');
}

/**
 * The company domain of an e-mail address (the registrable domain of its host), or why it cannot
 * stand for a company: free-mail (gmail.com) and disposable addresses say nothing about an employer,
 * and reserved example domains (jo@example.com) are placeholders.
 */
export function emailDomain(email: string | null | undefined): EmailDomainResult {
  const trimmed = bareAddress(email ?? '').toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1 || /\s/.test(trimmed)) return { excluded: 'invalid' };
  // a trailing dot ("acme.com.") is legal DNS but the lists are written without it
  const host = trimmed.slice(at + 1).replace(/\.$/, '');
  if (host.startsWith('.') || host.includes('/') || host.includes(':')) return { excluded: 'invalid' };
  const domain = registrableDomain(host);
  if (domain === undefined) return { excluded: 'invalid' };
  if (isPlaceholderDomain(domain)) return { excluded: 'placeholder' };
  if (disposable.has(host) || disposable.has(domain) || disposableAnyHost.has(domain)) return { excluded: 'disposable' };
  if (freeMail.has(host) || freeMail.has(domain)) return { excluded: 'free-mail' };
  return { domain };
}

/** Whether the value is a usable e-mail address at all (free-mail, disposable and example ones are addresses too). */
export function isEmailAddress(value: string): boolean {
  const result = emailDomain(value);
  return !('excluded' in result) || result.excluded !== 'invalid';
}
