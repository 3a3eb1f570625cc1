import { registrableDomain } from '../../src/match/domain.js';

describe('registrableDomain', () => {
  it.each([
    ['acme.com', 'acme.com'],
    ['www.Acme.com', 'acme.com'],
    ['ACME.COM', 'acme.com'],
    ['https://WWW.ACME.COM:8080/path/to?q=1#frag', 'acme.com'],
    ['http://shop.acme.com/', 'acme.com'],
    ['acme.com/about-us/', 'acme.com'],
    ['acme.com:443', 'acme.com'],
    ['//acme.com/x', 'acme.com'],
    ['  acme.com  ', 'acme.com'],
    ['acme.com.', 'acme.com'],
    ['acme.co.uk', 'acme.co.uk'],
    ['https://www.acme.co.uk/contact', 'acme.co.uk'],
    ['shop.acme.com.au', 'acme.com.au'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['https://www.MÜNCHEN.de/stadt', 'xn--mnchen-3ya.de'],
    ['xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['foo.github.io', 'foo.github.io'],
    ['https://foo.github.io/docs', 'foo.github.io'],
    ['myapp.herokuapp.com', 'myapp.herokuapp.com'],
  ])('%j -> %s', (input, expected) => {
    expect(registrableDomain(input)).toBe(expected);
  });

  it.each([
    [''],
    ['   '],
    ['192.168.1.1'],
    ['http://10.0.0.1:8080/admin'],
    ['http://[::1]:80/'],
    ['localhost'],
    ['localhost:3000'],
    ['acme'],
    ['www'],
    ['github.io'],
    ['intranet.corp'],
    ['acme..com'],
    ['http://'],
  ])('%j has no registrable domain', (input) => {
    expect(registrableDomain(input)).toBeUndefined();
  });

  it('treats null and undefined as no domain', () => {
    expect(registrableDomain(undefined)).toBeUndefined();
    expect(registrableDomain(null)).toBeUndefined();
  });

  it('never gives two tenants of one private suffix the same key', () => {
    expect(registrableDomain('foo.github.io')).not.toBe(registrableDomain('bar.github.io'));
    expect(registrableDomain('a.herokuapp.com')).not.toBe(registrableDomain('b.herokuapp.com'));
  });
});
