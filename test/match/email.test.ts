import emailProviders from 'email-providers/all.json';
import { freeEmailDomains } from 'free-email-domains-typescript';
import { emailDomain, isFreeMailDomain } from '../../src/match/email.js';

describe('emailDomain', () => {
  it.each([
    ['jane@acme.com', 'acme.com'],
    ['Jane.Doe@ACME.com', 'acme.com'],
    ['  jane@acme.com ', 'acme.com'],
    ['jane@mail.acme.co.uk', 'acme.co.uk'],
    ['jane@acme.com.', 'acme.com'],
    ['"odd@local"@acme.com', 'acme.com'],
    ['jane@münchen.de', 'xn--mnchen-3ya.de'],
    ['Jo Bloggs <jo@acme.com>', 'acme.com'],
    ['"Bloggs, Jo" <jo@acme.com>', 'acme.com'],
    ['mailto:jo@acme.com', 'acme.com'],
  ])('%j -> company domain %s', (input, domain) => {
    expect(emailDomain(input)).toEqual({ domain });
  });

  it.each([
    ['jane@gmail.com'],
    ['JANE@GMAIL.COM'],
    ['jane@googlemail.com'],
    ['jane@yahoo.co.uk'],
    ['jane@outlook.com'],
    ['jane@hotmail.com'],
    ['jane@gmx.de'],
    ['jane@icloud.com'],
    ['jane@zohomail.com'],
    ['jane@zohomail.eu'],
    ['jane@tuta.io'],
    ['jane@fastmail.com'],
    ['Jane <jane@gmail.com>'],
  ])('%j is free-mail', (input) => {
    expect(emailDomain(input)).toEqual({ excluded: 'free-mail' });
  });

  it.each([['jane@mailinator.com'], ['jane@guerrillamail.com'], ['jane@10minutemail.com'], ['jane@anything.33mail.com']])(
    '%j is disposable',
    (input) => {
      expect(emailDomain(input)).toEqual({ excluded: 'disposable' });
    },
  );

  it.each([['jo@example.com'], ['jo@mail.example.org'], ['jo@acme.test']])('%j is a placeholder', (input) => {
    expect(emailDomain(input)).toEqual({ excluded: 'placeholder' });
  });

  it('unions the maintained lists with ours: each contributes providers the others lack', () => {
    const providers = new Set(emailProviders);
    const freeDomains = new Set(freeEmailDomains);
    // zohomail.com is only in free-email-domains-typescript, hey.com only in email-providers, zohomail.eu only in our table
    expect([providers.has('zohomail.com'), freeDomains.has('zohomail.com')]).toEqual([false, true]);
    expect([providers.has('hey.com'), freeDomains.has('hey.com')]).toEqual([true, false]);
    for (const d of ['zohomail.eu', 'tutanota.de', 'simplelogin.com']) expect([providers.has(d), freeDomains.has(d)]).toEqual([false, false]);
    for (const d of ['zohomail.com', 'hey.com', 'zohomail.eu', 'tutanota.de', 'simplelogin.com']) expect(isFreeMailDomain(d)).toBe(true);
    // and company domains stay companies
    for (const d of ['acme.com', 'salesforce.com', 'linkedin.com', 'github.com']) expect(isFreeMailDomain(d)).toBe(false);
  });

  it.each([
    [''],
    ['jane'],
    ['jane@.acme.com'],
    ['jane@'],
    ['@acme.com'],
    ['jane@localhost'],
    ['jane@10.0.0.1'],
    ['jane doe@acme.com'],
    ['jane@acme'],
    ['jane@acme.com/x'],
    [undefined],
    [null],
  ])('%j is invalid', (input) => {
    expect(emailDomain(input)).toEqual({ excluded: 'invalid' });
  });
});
