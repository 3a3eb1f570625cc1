import disposableDomains from 'disposable-email-domains/index.json';
import disposableWildcards from 'disposable-email-domains/wildcard.json';
import freeMailDomains from 'email-providers/all.json';
import { registrableDomain } from './domain.js';

export type EmailDomainResult = { domain: string } | { excluded: 'free-mail' | 'disposable' | 'invalid' };

// Built once: the lists are static data shipped in the packages (~130k names), not state.
const disposable: ReadonlySet<string> = new Set(disposableDomains);
/** Every host under these registrable domains is throwaway (x.33mail.com). */
const disposableAnyHost: ReadonlySet<string> = new Set(disposableWildcards);
const freeMail: ReadonlySet<string> = new Set(freeMailDomains);

/**
 * The company domain of an e-mail address (the registrable domain of its host), or why it cannot
 * stand for a company: free-mail (gmail.com) and disposable addresses say nothing about an employer.
 */
export function emailDomain(email: string | null | undefined): EmailDomainResult {
  const trimmed = (email ?? '').trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1 || /\s/.test(trimmed)) return { excluded: 'invalid' };
  // a trailing dot ("acme.com.") is legal DNS but the lists are written without it
  const host = trimmed.slice(at + 1).replace(/\.$/, '');
  const domain = registrableDomain(host);
  if (domain === undefined || host.includes('/') || host.includes(':')) return { excluded: 'invalid' };
  if (disposable.has(host) || disposable.has(domain) || disposableAnyHost.has(domain)) return { excluded: 'disposable' };
  if (freeMail.has(host) || freeMail.has(domain)) return { excluded: 'free-mail' };
  return { domain };
}

/** Whether the value is a usable e-mail address at all (free-mail and disposable ones are addresses too). */
export function isEmailAddress(value: string): boolean {
  const result = emailDomain(value);
  return !('excluded' in result) || result.excluded !== 'invalid';
}
