import { emailDomain } from '../../src/match/email.js';

describe('emailDomain', () => {
  it.each([
    ['jane@acme.com', 'acme.com'],
    ['Jane.Doe@ACME.com', 'acme.com'],
    ['  jane@acme.com ', 'acme.com'],
    ['jane@mail.acme.co.uk', 'acme.co.uk'],
    ['jane@acme.com.', 'acme.com'],
    ['"odd@local"@acme.com', 'acme.com'],
    ['jane@münchen.de', 'xn--mnchen-3ya.de'],
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
  ])('%j is free-mail', (input) => {
    expect(emailDomain(input)).toEqual({ excluded: 'free-mail' });
  });

  it.each([['jane@mailinator.com'], ['jane@guerrillamail.com'], ['jane@10minutemail.com'], ['jane@anything.33mail.com']])(
    '%j is disposable',
    (input) => {
      expect(emailDomain(input)).toEqual({ excluded: 'disposable' });
    },
  );

  it.each([
    [''],
    ['jane'],
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
