import { registrableDomain, websiteDomain } from '../../src/match/domain.js';

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
    ['shop.myshopify.com', 'shop.myshopify.com'],
    ['intranet.corp', 'intranet.corp'],
    ['a.b.example.example', 'example.example'],
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
    ['.acme.com'],
    ['.com'],
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

describe('websiteDomain', () => {
  it.each([
    ['https://www.Acme.com/about', 'acme.com'],
    ['linkedin.com', 'linkedin.com'],
    ['https://www.linkedin.com/', 'linkedin.com'],
    ['github.com', 'github.com'],
    ['acme.wordpress.com', 'acme.wordpress.com'],
    ['https://blog.acme.wordpress.com/post', 'acme.wordpress.com'],
    ['www.acme.squarespace.com', 'acme.squarespace.com'],
    ['acme.weebly.com', 'acme.weebly.com'],
    ['https://acme.wixsite.com/home', 'acme.wixsite.com'],
    ['https://sites.google.com/site/acmeplumbing/', 'sites.google.com/site/acmeplumbing'],
    ['https://sites.google.com/a/acme.com/intranet', 'sites.google.com/a/acme.com'],
    ['https://sites.google.com/view/acme-plumbing/home', 'sites.google.com/view/acme-plumbing'],
    ['https://www.gov.uk/government/organisations/hm-revenue-customs', 'www.gov.uk/government/organisations/hm-revenue-customs'],
    ['foo.github.io', 'foo.github.io'],
    ['shop.myshopify.com', 'shop.myshopify.com'],
  ])('%j -> %s', (input, domain) => {
    expect(websiteDomain(input)).toEqual({ domain });
  });

  it.each([
    ['https://www.linkedin.com/company/acme/'],
    ['linkedin.com/in/jo-bloggs'],
    ['uk.linkedin.com/company/acme'],
    ['facebook.com/acme'],
    ['https://x.com/acme'],
    ['twitter.com/acme'],
    ['instagram.com/acme'],
    ['youtube.com/@acme'],
    ['github.com/acme'],
    ['crunchbase.com/organization/acme'],
    ['yelp.com/biz/acme-plumbing'],
    ['bit.ly/3xYz'],
    ['linktr.ee/acme'],
    ['wordpress.com'],
    ['www.squarespace.com'],
    ['sites.google.com'],
    ['https://sites.google.com/'],
    ['www.gov.uk/vat-rates'],
    ['https://www.gov.uk/government/organisations'],
    ['https://sites.google.com/view'],
  ])('%j is a shared host, no key', (input) => {
    expect(websiteDomain(input)).toEqual({ excluded: 'shared-host' });
  });

  it.each([['example.com'], ['https://www.example.org/'], ['example.net'], ['acme.test'], ['shop.example'], ['example.edu'], ['site.invalid'], ['app.localhost']])('%j is a placeholder', (input) => {
    expect(websiteDomain(input)).toEqual({ excluded: 'placeholder' });
  });

  it.each([[''], ['localhost'], ['.acme.com'], [undefined], [null]])('%j is invalid', (input) => {
    expect(websiteDomain(input)).toEqual({ excluded: 'invalid' });
  });

  it('keeps two tenants of one shared host apart', () => {
    expect(websiteDomain('acme.wordpress.com')).not.toEqual(websiteDomain('beta.wordpress.com'));
    expect(websiteDomain('sites.google.com/view/acme')).not.toEqual(websiteDomain('sites.google.com/view/beta'));
  });
});
