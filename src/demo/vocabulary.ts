// Word lists for believable demo companies and people. Any combination is a plausible name; domains
// are made unique by the generator, not by these lists.

export const NAME_FIRST = [
  'Acme', 'Apex', 'Arbor', 'Aster', 'Atlas', 'Aurora', 'Beacon', 'Birch', 'Blue', 'Bright', 'Cedar', 'Cobalt', 'Comet',
  'Copper', 'Coral', 'Crest', 'Delta', 'Ember', 'Evergreen', 'Falcon', 'Fern', 'Flint', 'Garnet', 'Granite', 'Harbor',
  'Helix', 'Horizon', 'Indigo', 'Iron', 'Juniper', 'Keystone', 'Lumen', 'Maple', 'Meridian', 'Nimbus', 'North', 'Oak',
  'Onyx', 'Orchid', 'Pine', 'Pioneer', 'Polar', 'Quartz', 'Raven', 'Redwood', 'Ridge', 'River', 'Sable', 'Silver',
  'Solar', 'Spruce', 'Stone', 'Summit', 'Tidal', 'Timber', 'Vertex', 'Willow', 'Zenith', 'Zephyr', 'Velvet',
] as const;

export const NAME_SECOND = [
  'Analytics', 'Bank', 'Bio', 'Brands', 'Capital', 'Cloud', 'Dynamics', 'Energy', 'Engineering', 'Foods', 'Freight',
  'Games', 'Health', 'Holdings', 'Industries', 'Insurance', 'Labs', 'Logistics', 'Machines', 'Media', 'Medical',
  'Metals', 'Mobility', 'Networks', 'Outfitters', 'Partners', 'Pharma', 'Power', 'Retail', 'Robotics', 'Security',
  'Software', 'Solutions', 'Studios', 'Systems', 'Telecom', 'Textiles', 'Therapeutics', 'Travel', 'Ventures', 'Works',
] as const;

/** Top-level suffixes with the legal form a company there would carry; multi-part ones on purpose. */
export const SUFFIXES = [
  { tld: 'com', legal: ['Inc.', 'Inc', 'LLC', 'Corp.', ''] },
  { tld: 'com', legal: ['Inc.', 'Corporation', ''] },
  { tld: 'io', legal: ['', 'Inc.'] },
  { tld: 'co.uk', legal: ['Ltd', 'Limited', 'plc'] },
  { tld: 'com.au', legal: ['Pty Ltd'] },
  { tld: 'de', legal: ['GmbH', 'AG'] },
  { tld: 'fr', legal: ['SA', 'SAS'] },
  { tld: 'net', legal: ['', 'LLC'] },
] as const;

export const INDUSTRIES = ['Banking', 'Biotechnology', 'Communications', 'Consulting', 'Education', 'Energy', 'Finance', 'Healthcare', 'Insurance', 'Manufacturing', 'Media', 'Retail', 'Technology', 'Telecommunications', 'Transportation'] as const;

export const FIRST_NAMES = [
  'Ada', 'Ahmed', 'Aiko', 'Alex', 'Amara', 'Ana', 'Ben', 'Carla', 'Chen', 'Dana', 'David', 'Elena', 'Emeka', 'Fatima',
  'Grace', 'Hana', 'Ivan', 'Jamal', 'Jana', 'Jo', 'Jonas', 'Kai', 'Lea', 'Liam', 'Lucia', 'Maya', 'Mei', 'Noah', 'Olga',
  'Omar', 'Priya', 'Raj', 'Rosa', 'Sam', 'Sofia', 'Tom', 'Uma', 'Vera', 'Wei', 'Yusuf', 'Zoe', 'Zoë', 'José', 'Søren',
] as const;

export const LAST_NAMES = [
  'Adams', 'Baker', 'Berg', 'Costa', 'Dubois', 'Eze', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kim', 'Kowalski',
  'Lee', 'Lopez', 'Martin', 'Müller', 'Nakamura', 'Novak', 'Okafor', 'Olsen', 'Patel', 'Quinn', 'Rossi', 'Santos',
  'Schmidt', 'Singh', 'Silva', 'Tanaka', 'Thompson', 'Ueda', 'Van Dijk', 'Wagner', 'Walsh', 'Xu', 'Yilmaz', 'Zhang',
] as const;

export const FREE_MAIL = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'gmx.de', 'yahoo.co.uk'] as const;

export const PRODUCTS = ['Platform', 'Analytics Add-on', 'Enterprise Licence', 'Renewal', 'Expansion', 'Pilot', 'Services'] as const;

export const PARTNER_STAGES = ['Discovery', 'Evaluation', 'Proposal', 'Negotiation', 'Verbal'] as const;
