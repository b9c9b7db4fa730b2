// Test helper (not a test file): deterministic, real-looking identifiers.
const FIRST = [
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
  'Zoë',
  'José',
  'Aiko',
  'Søren',
  'Ngozi',
  'Dmitri',
  'Priya',
  'Mateus',
  'Fatima',
  'Lars',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'García',
  'Miller',
  'Davis',
  'Müller',
  'Nakamura',
  'Okafor',
  'Ivanova',
  'Sharma',
  'Silva',
  'Hansen',
  "O'Brien",
  'Kowalski',
  'Nguyen',
  'Cohen',
  'Dubois',
];
const DOMAINS = ['example.com', 'mail.example.org', 'corp.example.net', 'uni.example.edu'];

import { mulberry32 as rng } from '../../src/prng.js';
export { rng };

export interface Person {
  name: string;
  email: string;
  ssn: string;
  phone: string;
  id: string;
}

export function people(n: number, seed = 1): Person[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const digits = (k: number): string => Array.from({ length: k }, () => Math.floor(r() * 10)).join('');
  const out: Person[] = [];
  for (let i = 0; i < n; i++) {
    const f = pick(FIRST),
      l = pick(LAST);
    const num = Math.floor(r() * 10000);
    out.push({
      name: `${f} ${l}`,
      email: `${f}.${l}${num}@${pick(DOMAINS)}`.toLowerCase().replace(/'/g, ''),
      ssn: `${100 + Math.floor(r() * 800)}-${digits(2)}-${digits(4)}`,
      phone: `+1 (${digits(3)}) ${digits(3)}-${digits(4)}`,
      id: `P${String(i).padStart(7, '0')}`,
    });
  }
  return out;
}
