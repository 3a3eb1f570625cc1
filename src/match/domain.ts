import { domainToASCII } from 'node:url';
import { parse } from 'tldts';

/**
 * The registrable domain ("acme.co.uk") of a website, URL, host or domain as people type it, in
 * lower-case ASCII (IDNs as punycode, so both spellings agree); undefined when there is none.
 * Private suffixes count (foo.github.io, app.herokuapp.com) so two tenants of a host never share a key.
 * IPs, localhost, single labels and unknown suffixes (intranet names) give undefined: no key beats a wrong one.
 */
export function registrableDomain(input: string | null | undefined): string | undefined {
  if (input === null || input === undefined) return undefined;
  const trimmed = input.trim();
  if (trimmed === '') return undefined;
  const parsed = parse(trimmed, { allowPrivateDomains: true });
  if (parsed.isIp === true || parsed.domain === null) return undefined;
  if (parsed.isIcann !== true && parsed.isPrivate !== true) return undefined;
  const ascii = domainToASCII(parsed.domain);
  return ascii === '' ? undefined : ascii;
}
