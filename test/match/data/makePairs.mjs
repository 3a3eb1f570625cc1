// Writes pairs.json, the labelled set the match scorer reads: `node test/match/data/makePairs.mjs`.
// Each pair is one of our records and one partner record, a family (the kind of data that fooled or
// missed the matcher before), and the truth: same (one company) or not. The truth is set by how the
// pair is built here, never by running the matcher. Deterministic: no random source.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const COMPANIES = [
  ['Acme Robotics', 'acmerobotics.com'], ['Bluefin Analytics', 'bluefin-analytics.io'], ['Cedar Health', 'cedarhealth.co.uk'],
  ['Dunmore Logistics', 'dunmore.com.au'], ['Elbe Maschinenbau', 'elbe-maschinenbau.de'], ['Fjord Energy', 'fjordenergy.no'],
  ['Granite Capital', 'granitecapital.com'], ['Harbor Foods', 'harborfoods.ca'], ['Ionic Labs', 'ioniclabs.ai'],
  ['Juniper Legal', 'juniperlegal.com'], ['Kestrel Aviation', 'kestrel-aviation.co.nz'], ['Lumen Optics', 'lumenoptics.fr'],
  ['Mistral Software', 'mistralsoft.it'], ['Nordlys Media', 'nordlys.dk'], ['Orchid Biotech', 'orchidbio.com'],
  ['Pinnacle Retail', 'pinnacleretail.co.za'], ['Quasar Networks', 'quasarnet.nl'], ['Redwood Insurance', 'redwoodins.com'],
  ['Saffron Hotels', 'saffronhotels.in'], ['Tundra Outdoor', 'tundraoutdoor.se'], ['Umbra Security', 'umbrasec.com'],
  ['Vega Payments', 'vegapay.es'], ['Willow Education', 'willowedu.org'], ['Xeno Materials', 'xenomaterials.jp'],
  ['Yarrow Farms', 'yarrowfarms.com'], ['Zephyr Motors', 'zephyrmotors.com.br'], ['Aurora Clinics', 'auroraclinics.ie'],
  ['Basalt Mining', 'basaltmining.cl'], ['Cobalt Cloud', 'cobaltcloud.io'], ['Delta Marine', 'deltamarine.gr'],
];
const MESSY = [(d) => d, (d) => `www.${d}`, (d) => `https://www.${d}/about-us?utm_source=crm`, (d) => d.toUpperCase(), (d) => `http://shop.${d}/`, (d) => `${d}.`];
const slug = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const label = (d) => d.split('.')[0];

const pairs = [];
const add = (family, same, ours, theirs, note) => pairs.push({ family, same, note, ours, theirs });

// clean: the data as it should be; the rules must not cost these
COMPANIES.forEach(([name, d], i) => {
  add('clean', true, { name, website: MESSY[i % MESSY.length](d) }, { companyName: name.toUpperCase(), domain: MESSY[(i + 2) % MESSY.length](d) }, 'messy spellings of one website');
});
COMPANIES.slice(0, 10).forEach(([name, d], i) => {
  add('clean', true, { name, email: `jo.bloggs${i}@${d}` }, { companyName: name, domain: `www.${d}` }, 'lead e-mail domain = partner website');
});
COMPANIES.slice(0, 15).forEach(([name, d], i) => {
  const [other, od] = COMPANIES[(i + 7) % COMPANIES.length];
  add('clean', false, { name, website: d }, { companyName: other, domain: od }, 'two companies');
});
COMPANIES.slice(0, 10).forEach(([name, d]) => {
  add('clean', false, { name, website: d }, { companyName: `${name} Group`, domain: `${label(d)}group.com` }, 'look-alike domain, other company');
});

// duns: a legal entity's number; formatting differs
COMPANIES.slice(0, 12).forEach(([name], i) => {
  const duns = String(104_000_001 + i * 7919).padStart(9, '0');
  add('duns', true, { name, duns }, { companyName: name, duns: `${duns.slice(0, 2)}-${duns.slice(2, 5)}-${duns.slice(5)}` }, 'same DUNS, dashed');
  add('duns', false, { name, duns, website: COMPANIES[i][1] }, { companyName: `${name} (subsidiary)`, duns: String(Number(duns) + 1).padStart(9, '0'), domain: COMPANIES[i][1] }, 'one domain, two legal entities');
});

// shared-host-profile: a profile page is not the company's website
const PROFILES = [
  (s) => `https://www.linkedin.com/company/${s}/`, (s) => `linkedin.com/company/${s}`, (s) => `https://uk.linkedin.com/company/${s}`,
  (s) => `https://www.facebook.com/${s}`, (s) => `https://x.com/${s}`, (s) => `twitter.com/${s}`, (s) => `https://www.instagram.com/${s}/`,
  (s) => `https://www.youtube.com/@${s}`, (s) => `https://github.com/${s}`, (s) => `https://www.crunchbase.com/organization/${s}`,
  (s) => `https://www.yelp.com/biz/${s}-london`, (s) => `https://bit.ly/${s.slice(0, 6)}`, (s) => `https://linktr.ee/${s}`,
];
PROFILES.forEach((profile, i) => {
  const [a] = COMPANIES[i];
  const [b] = COMPANIES[i + 13];
  add('shared-host-profile', false, { name: a, website: profile(slug(a)) }, { companyName: b, domain: profile(slug(b)) }, 'two companies with pages on one host');
  add('shared-host-profile', false, { name: a, website: profile(slug(a)) }, { companyName: b, domain: PROFILES[(i + 1) % PROFILES.length](slug(b)) }, 'pages on two shared hosts');
});
PROFILES.forEach((profile, i) => {
  const [name, d] = COMPANIES[(i + 5) % COMPANIES.length];
  add('shared-host-profile', true, { name: `${name} Inc.`, website: profile(slug(name)) }, { companyName: name, domain: d }, 'our profile page, their site: the name still matches');
});
[['LinkedIn Corporation', 'https://www.linkedin.com/', 'linkedin.com'], ['GitHub, Inc.', 'github.com', 'https://github.com/'], ['Yelp Inc.', 'www.yelp.com', 'yelp.com'], ['Bitly', 'https://bit.ly', 'bit.ly'], ['Crunchbase', 'crunchbase.com', 'www.crunchbase.com/']].forEach(([name, a, b]) => {
  add('shared-host-profile', true, { name, website: a }, { companyName: name, domain: b }, "the host's own bare site stands for the host company");
});

// shared-hosting-tenant: tenants of hosting the PSL does not list
const TENANTS = [
  (s) => `${s}.wordpress.com`, (s) => `https://${s}.squarespace.com/`, (s) => `http://www.${s}.weebly.com`,
  (s) => `https://sites.google.com/view/${s}/home`, (s) => `https://sites.google.com/site/${s}`, (s) => `https://www.gov.uk/government/organisations/${s}`,
];
TENANTS.forEach((tenant, i) => {
  const [a] = COMPANIES[i];
  const [b] = COMPANIES[i + 10];
  const [c] = COMPANIES[i + 20];
  add('shared-hosting-tenant', false, { name: a, website: tenant(slug(a)) }, { companyName: b, domain: tenant(slug(b)) }, 'two tenants of one host');
  add('shared-hosting-tenant', false, { name: a, website: tenant(slug(a)) }, { companyName: c, domain: tenant(slug(c)) }, 'two tenants of one host');
  add('shared-hosting-tenant', true, { website: tenant(slug(a)) }, { companyName: a, domain: tenant(slug(a)).replace(/^https?:\/\//, '').toUpperCase().replace(/\/HOME$/, '') }, 'one tenant, spelled twice');
});
[['Gov Digital Service', 'https://www.gov.uk/vat-rates'], ['Office of Rail', 'www.gov.uk/guidance/rail'], ['Site Builder Co', 'https://sites.google.com/']].forEach(([name, w], i) => {
  add('shared-hosting-tenant', false, { name, website: w }, { companyName: COMPANIES[i][0], domain: TENANTS[5](slug(COMPANIES[i][0])) }, 'a page of the host is not a tenant');
});

// private-suffix: PSL private-section entries (allowPrivateDomains)
const PRIVATE = ['github.io', 'myshopify.com', 'herokuapp.com', 'netlify.app', 'vercel.app', 'blogspot.com', 'pages.dev'];
PRIVATE.forEach((suffix, i) => {
  const [a] = COMPANIES[i];
  const [b] = COMPANIES[i + 12];
  add('private-suffix', false, { name: a, website: `https://${slug(a)}.${suffix}/` }, { companyName: b, domain: `${slug(b)}.${suffix}` }, 'two tenants of a private suffix');
  add('private-suffix', true, { name: a, website: `https://${slug(a)}.${suffix}/docs` }, { companyName: a, domain: `www.${slug(a)}.${suffix}` }, 'one tenant');
});

// placeholder: values that stand for no company
const PLACEHOLDER_NAMES = ['N/A', 'n/a', 'NA', 'Unknown', 'UNKNOWN', '[not provided]', 'Not Provided', 'Individual', 'Self-employed', 'Self Employed', 'None', 'Inc.', 'LLC', 'GmbH', 'Ltd', 'Pty Ltd'];
PLACEHOLDER_NAMES.forEach((p, i) => {
  add('placeholder', false, { name: p }, { companyName: PLACEHOLDER_NAMES[(i + 1) % PLACEHOLDER_NAMES.length] === p ? p : p.toLowerCase() }, 'placeholder names on both sides');
});
['000000000', '00-000-0000', '0', '12345', '1234567890', 'DUNS', 'n/a'].forEach((d, i) => {
  add('placeholder', false, { name: COMPANIES[i][0], duns: d }, { companyName: COMPANIES[i + 8][0], duns: d }, 'placeholder DUNS on both sides');
});
['example.com', 'www.example.org', 'https://example.net/', 'acme.example', 'shop.test', 'site.invalid'].forEach((w, i) => {
  add('placeholder', false, { name: COMPANIES[i][0], website: w }, { companyName: COMPANIES[i + 9][0], domain: w }, 'reserved example domain on both sides');
  add('placeholder', false, { name: COMPANIES[i + 1][0], email: `someone@${w.replace(/^https?:\/\/|\/$/g, '').replace(/^www\./, '')}` }, { companyName: COMPANIES[i + 15][0], email: `other@${w.replace(/^https?:\/\/|\/$/g, '').replace(/^www\./, '')}` }, 'reserved example domain in e-mails');
});
COMPANIES.slice(0, 6).forEach(([name, d]) => {
  add('placeholder', true, { name: '[not provided]', duns: '000000000', email: `jo@${d}` }, { companyName: name, domain: d }, 'placeholders beside a real key: the real key still matches');
});

// free-mail: an address at a mail provider says nothing of an employer
const FREE = ['gmail.com', 'googlemail.com', 'yahoo.co.uk', 'outlook.com', 'hotmail.fr', 'gmx.de', 'web.de', 'icloud.com', 'proton.me', 'zohomail.com', 'zohomail.eu', 'tuta.io', 'fastmail.com', 'hey.com', 'yandex.ru', 'mail.ru', 'qq.com', 'naver.com', 'libero.it', 'orange.fr'];
FREE.forEach((f, i) => {
  const [a] = COMPANIES[i];
  const [b] = COMPANIES[(i + 11) % COMPANIES.length];
  add('free-mail', false, { name: a, email: `jo.${i}@${f}` }, { companyName: b, email: `sam.${i}@${f}` }, 'two people on one free-mail provider');
});
FREE.slice(0, 5).forEach((f, i) => {
  const [a] = COMPANIES[i];
  add('free-mail', false, { name: a, email: `jo@${f}` }, { companyName: COMPANIES[i + 3][0], domain: f }, 'a free-mail provider as a website');
});

COMPANIES.slice(10, 15).forEach(([name, d], i) => {
  add('free-mail', true, { name, email: `jo.${i}@${FREE[i]}` }, { companyName: name, domain: d }, 'a free-mail lead of a company the partner has: the name still matches');
});

// cctld-name: one company's country sites, same name
COMPANIES.slice(0, 20).forEach(([name, d], i) => {
  const alt = ['com', 'de', 'co.uk', 'com.au', 'fr', 'ca', 'nl', 'es', 'it', 'co.jp'][i % 10];
  const other = d.endsWith(`.${alt}`) ? 'com.sg' : alt;
  add('cctld-name', true, { name: `${name} GmbH`, website: `www.${d}` }, { companyName: `${name} Inc`, domain: `${label(d)}.${other}` }, 'same name, same label, another suffix');
});
COMPANIES.slice(0, 10).forEach(([name, d], i) => {
  const elsewhere = d.endsWith('.de') ? 'at' : 'de';
  add('cctld-name', false, { name, website: d }, { companyName: COMPANIES[i + 10][0], domain: `${label(d)}.${elsewhere}` }, 'same label, another name: two companies');
  add('cctld-name', false, { name, website: d }, { companyName: name, domain: `${label(d)}-solutions.com` }, 'same name, another label: the domains disagree');
});

// transliteration: letters with no Unicode decomposition
[
  ['Ørsted A/S', 'Orsted AS'], ['Søren Kjær Rådgivning', 'Soren Kjaer Radgivning'], ['Łódź Logistyka Sp. z o.o.', 'Lodz Logistyka'], ['Straße Bau GmbH', 'Strasse Bau GmbH'],
  ['Größe Möbel AG', 'Grosse Mobel AG'], ['Øresund Shipping', 'Oresund Shipping'], ['Wrocław Software', 'Wroclaw Software'], ['Ægir Fisk AS', 'Aegir Fisk AS'],
  ['Þór Energy', 'Thor Energy'], ['Đorđević d.o.o. Trade', 'Dordevic d.o.o. Trade'], ['Müller & Söhne', 'Mueller und Sohne'], ['Café Noir SARL', 'Cafe Noir'],
  ['Ålesund Fiske AS', 'Alesund Fiske A/S'], ['Bjørn Møller ApS', 'Bjorn Moller ApS'], ['Gdańsk Porty', 'Gdansk Porty'],
].forEach(([a, b], i) => {
  add('transliteration', true, { name: a }, { companyName: b }, i === 10 ? 'ü decomposes to u, not ue, and "und" is not "&": a known miss, kept' : 'one name, two spellings');
});
[['Øst Data', 'Ost Data Group'], ['Łąka Farms', 'Laka Foods'], ['Straße Media', 'Strasse Motors'], ['Søndergaard AS', 'Sondergard AS'], ['Große Bank', 'Grosse Bau']].forEach(([a, b]) => {
  add('transliteration', false, { name: a }, { companyName: b }, 'near spellings of two companies');
});

// legal-form: one company written with different legal forms
[
  ['Nordic Freight A/S', 'Nordic Freight AS'], ['Siemens Aktiengesellschaft', 'Siemens AG'], ['Koala Tools Pty Ltd', 'Koala Tools Pty. Limited'],
  ['Koala Tools Proprietary Limited', 'Koala Tools'], ['Vortex GmbH & Co. KG', 'Vortex KG'], ['Helix S.A.', 'Helix SA'], ['Orbit L.L.C.', 'Orbit LLC'],
  ['The Maple Company', 'Maple Co.'], ['Sol Kommanditgesellschaft', 'Sol KG'], ['Polar Oy', 'Polar Oyj'], ['Kanto K.K.', 'Kanto KK'],
  ['Brava S.r.l.', 'Brava SRL'], ['Tulip B.V.', 'Tulip BV'], ['Nova Sp. z o.o.', 'Nova'], ['Atlas Corp.', 'Atlas Corporation'],
  ['Fenix Ltda', 'Fenix Ltda.'], ['Rune AB', 'Rune'], ['Viking ASA', 'Viking A.S.A.'], ['Peak plc', 'Peak PLC'], ['Cairn Limited', 'Cairn Ltd'],
].forEach(([a, b]) => {
  add('legal-form', true, { name: a }, { companyName: b }, 'one company, two legal-form spellings');
});
[['Helix SA', 'Helix Systems SA'], ['Atlas AG', 'Atlas Logistics AG'], ['Tulip BV', 'Tulip Bulbs BV'], ['Rune AB', 'Runa AB'], ['Peak Ltd', 'Peak Performance Ltd']].forEach(([a, b]) => {
  add('legal-form', false, { name: a }, { companyName: b }, 'two companies with one legal form');
});

// display-name-email: addresses pasted from a mail client
COMPANIES.slice(0, 15).forEach(([name, d], i) => {
  const forms = [`Jo Bloggs <jo@${d}>`, `"Bloggs, Jo" <jo@${d}>`, `mailto:jo@${d}`, ` <jo@${d}> `, `JO BLOGGS <JO@${d.toUpperCase()}>`];
  // no name on our side: only the address can match (a Web-to-Lead lead without a Company)
  add('display-name-email', true, { email: forms[i % forms.length] }, { companyName: name, domain: d }, 'display-name form on our side');
});
COMPANIES.slice(0, 5).forEach(([name, d], i) => {
  add('display-name-email', false, { name, email: `Jo Bloggs <jo@${FREE[i]}>` }, { companyName: COMPANIES[i + 5][0], email: `Sam <sam@${FREE[i]}>` }, 'display-name form at a free-mail provider');
  add('display-name-email', false, { name, email: `Jo <jo@${d}>` }, { companyName: COMPANIES[i + 5][0], domain: COMPANIES[i + 5][1] }, 'display-name form, another company');
});

// psl-edge: the list's own edge cases in CRM data
[['.acmerobotics.com', '.acmerobotics.com'], ['.com', '.com'], ['.bluefin-analytics.io', '.bluefin-analytics.io']].forEach(([a, b], i) => {
  add('psl-edge', false, { name: COMPANIES[i][0], website: a }, { companyName: COMPANIES[i + 4][0], domain: b }, 'a leading dot gives no domain');
});
[['intranet.corp', 'www.intranet.corp'], ['acme.internal', 'https://portal.acme.internal/'], ['shop.lan', 'shop.lan'], ['a.b.acme.corp', 'acme.corp']].forEach(([a, b], i) => {
  add('psl-edge', true, { name: COMPANIES[i][0], website: a }, { companyName: COMPANIES[i][0], domain: b }, "an unlisted TLD's registrable domain is its last two labels");
});
[['acme.corp', 'beta.corp'], ['north.co.uk', 'south.co.uk'], ['one.com.au', 'two.com.au']].forEach(([a, b], i) => {
  add('psl-edge', false, { name: COMPANIES[i][0], website: a }, { companyName: COMPANIES[i + 6][0], domain: b }, 'two registrable domains under one suffix');
});

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pairs.json');
writeFileSync(out, `${JSON.stringify(pairs.map((p, i) => ({ id: i + 1, ...p })), null, 1)}\n`);
console.log(`${pairs.length} pairs -> ${out}`);
