// Deterministic value generators for the scan tests: valid identifiers (check digits computed
// here, independently of src/scan) and look-alikes that fail them. Not a test file.

import { mulberry32 } from '../../src/prng.js';

export type Rand = () => number;

/** The shared seeded PRNG: it only draws the values; labels come from the check digits here. */
export const seeded = (seed: number): Rand => mulberry32(seed);

export const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const digits = (r: Rand, n: number): string => Array.from({ length: n }, () => String(int(r, 0, 9))).join('');
const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const hex = (r: Rand, n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[int(r, 0, 15)]).join('');

export const FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'Zoë',
  'José',
  'Jean-Luc',
  'Aaliyah',
  'Mohammed',
  'Wei',
  'Priya',
  'Olga',
  'Sean',
  'Siobhan',
  'Hiroshi',
  'Ana',
  'Lars',
  'Ingrid',
  'Kwame',
  'Fatima',
  'Mateo',
  'Chloé',
  'Noah',
  'Emma',
];
export const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  "O'Brien",
  'McDonald',
  'Nguyen',
  'Kim',
  'Müller',
  'Schmidt',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Novak',
  'Andersson',
  'Øvergård',
  'Tanaka',
  'Okafor',
  'Haddad',
  'Cohen',
  'Silva',
  'Ivanova',
  'Fitzgerald',
  'Lee',
];
export const CITIES = [
  'Springfield',
  'Riverside',
  'Franklin',
  'Greenville',
  'Bristol',
  'Clinton',
  'Fairview',
  'Salem',
  'Madison',
  'Georgetown',
  'Arlington',
  'Ashland',
  'Dover',
  'Oxford',
  'Jackson',
  'Burlington',
  'Manchester',
  'Milton',
  'Newport',
  'Auburn',
  'Dayton',
  'Lexington',
  'Milford',
  'Winchester',
  'Cleveland',
  'Hudson',
  'Kingston',
  'Mount Vernon',
  'New York',
  'Los Angeles',
];
const STREETS = ['Oak', 'Maple', 'Cedar', 'Elm', 'Pine', 'Washington', 'Lake', 'Hill', 'Park', 'Main', 'Sunset', 'Evergreen', 'Pennsylvania', 'Church', 'Mill'];
const SUFFIX = ['Street', 'St', 'St.', 'Avenue', 'Ave', 'Road', 'Rd', 'Boulevard', 'Lane', 'Drive', 'Dr.', 'Court', 'Way', 'Place', 'Terrace'];

export function email(r: Rand): string {
  const f = pick(r, ['jdoe', 'anna.smith', 'k_lee', 'mike+news', 'o.brien', 'user']) + int(r, 1, 9999);
  return `${f}@${pick(r, ['example.com', 'mail.example.org', 'corp.example.net', 'uni.example.edu', 'example.co.uk'])}`;
}

export function phone(r: Rand): string {
  const a = `${int(r, 2, 9)}${digits(r, 2)}`,
    x = `${int(r, 2, 9)}${digits(r, 2)}`,
    l = digits(r, 4);
  switch (int(r, 0, 9)) {
    case 0:
      return `+1 ${a}-${x}-${l}`;
    case 1:
      return `(${a}) ${x}-${l}`;
    case 2:
      return `${a}-${x}-${l}`;
    case 3:
      return `${a}.${x}.${l}`;
    case 4:
      return `+44 20 ${digits(r, 4)} ${digits(r, 4)}`;
    case 5:
      return `+49 30 ${digits(r, 8)}`;
    case 6:
      return `+49${int(r, 151, 179)}${digits(r, 8)}`; // E.164
    case 7:
      return `020 ${digits(r, 4)} ${digits(r, 4)}`;
    case 8:
      return `+33 ${int(r, 1, 9)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}`;
    default:
      return `0${int(r, 1, 9)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}`;
  }
}

export function ssn(r: Rand): string {
  let area = int(r, 1, 899);
  if (area === 666) area = 665;
  return `${pad(area, 3)}-${pad(int(r, 1, 99), 2)}-${pad(int(r, 1, 9999), 4)}`;
}

/** SSN-shaped but invalid under the SSA rules. */
export function badSsn(r: Rand): string {
  switch (int(r, 0, 4)) {
    case 0:
      return `000-${pad(int(r, 1, 99), 2)}-${pad(int(r, 1, 9999), 4)}`;
    case 1:
      return `666-${pad(int(r, 1, 99), 2)}-${pad(int(r, 1, 9999), 4)}`;
    case 2:
      return `${int(r, 900, 999)}-${pad(int(r, 1, 99), 2)}-${pad(int(r, 1, 9999), 4)}`;
    case 3:
      return `${pad(int(r, 1, 665), 3)}-00-${pad(int(r, 1, 9999), 4)}`;
    default:
      return `${pad(int(r, 1, 665), 3)}-${pad(int(r, 1, 99), 2)}-0000`;
  }
}

export function luhnCheck(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function group(s: string, sizes: number[], sep: string): string {
  const out: string[] = [];
  let i = 0;
  for (const n of sizes) {
    out.push(s.slice(i, i + n));
    i += n;
  }
  return out.join(sep);
}

export function card(r: Rand, valid = true): string {
  const [prefix, len] = pick(r, [
    ['4', 16],
    ['4', 16],
    [String(int(r, 51, 55)), 16],
    [pick(r, ['34', '37']), 15],
    ['6011', 16],
  ] as Array<[string, number]>);
  const body = prefix + digits(r, len - prefix.length - 1);
  const check = luhnCheck(body);
  const num = body + (valid ? check : (check + int(r, 1, 9)) % 10);
  const sizes = len === 15 ? [4, 6, 5] : [4, 4, 4, 4];
  return pick(r, [num, group(num, sizes, ' '), group(num, sizes, '-')]);
}

const letters = (r: Rand, n: number): string => Array.from({ length: n }, () => String.fromCharCode(65 + int(r, 0, 25))).join('');

function mod97(s: string): number {
  let rem = 0;
  for (const ch of s) rem = (rem * (ch.charCodeAt(0) >= 65 ? 100 : 10) + (ch.charCodeAt(0) >= 65 ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48)) % 97;
  return rem;
}

export function iban(r: Rand, valid = true): string {
  const [cc, bban] = pick(r, [
    ['DE', digits(r, 18)],
    ['GB', letters(r, 4) + digits(r, 14)],
    ['FR', digits(r, 23)],
    ['NL', letters(r, 4) + digits(r, 10)],
    ['ES', digits(r, 20)],
  ] as Array<[string, string]>);
  let check = 98 - mod97(bban + cc + '00');
  if (!valid) check = ((check + int(r, 1, 50)) % 97) + 2;
  const s = cc + pad(check, 2) + bban;
  return r() < 0.5 ? s : s.replace(/(.{4})/g, '$1 ').trim();
}

export const ipv4 = (r: Rand): string => [int(r, 1, 223), int(r, 0, 255), int(r, 0, 255), int(r, 1, 254)].join('.');
export function ipv6(r: Rand): string {
  const groups = Array.from({ length: 8 }, () => hex(r, 4).replace(/^0+(?=.)/, ''));
  return r() < 0.3 ? `2001:db8::${groups[6]}:${groups[7]}` : groups.join(':');
}
export function mac(r: Rand): string {
  const b = Array.from({ length: 6 }, () => hex(r, 2));
  return pick(r, [b.join(':'), b.join(':').toUpperCase(), b.join('-').toUpperCase()]);
}
export const url = (r: Rand): string =>
  pick(r, [
    `https://www.example.com/users/${int(r, 1, 99999)}`,
    `http://blog.example.org/${pick(r, FIRST).toLowerCase()}-${int(r, 1, 999)}`,
    `https://example.net/profile?id=${int(r, 1, 99999)}&tab=info`,
    `www.example-${int(r, 1, 999)}.com`,
  ]);
export function uuid(r: Rand): string {
  const h = hex(r, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[int(r, 0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
export const personName = (r: Rand): string => (r() < 0.5 ? `${pick(r, FIRST)} ${pick(r, LAST)}` : r() < 0.5 ? pick(r, LAST) : pick(r, FIRST));
export const address = (r: Rand): string => `${int(r, 1, 9999)} ${pick(r, STREETS)} ${pick(r, SUFFIX)}`;
