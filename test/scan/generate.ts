// Deterministic labelled dataset for `kanon scan` (issue 6): ~2,000 rows of people-data
// columns plus look-alike columns, each labelled with the role and detector a person would
// give. Not a test file (no .test.ts suffix).
import type { FindingKind, Role } from '../../src/scan/types.js';
import * as g from './values-gen.js';
import { seeded, int, pick, digits } from './values-gen.js';

export interface Label {
  role: Role;
  kind: FindingKind;
}
export interface Labelled {
  header: string[];
  rows: string[][];
  labels: Record<string, Label>;
}

type Col = [name: string, label: Label, gen: (r: g.Rand, i: number) => string];

const L = (role: Role, kind: FindingKind): Label => ({ role, kind });
const WORDS = [
  'patient',
  'reports',
  'mild',
  'severe',
  'pain',
  'after',
  'walking',
  'since',
  'last',
  'week',
  'no',
  'fever',
  'called',
  'about',
  'refill',
  'follow-up',
  'in',
  'two',
  'months',
  'sleeps',
  'poorly',
  'stress',
  'at',
  'work',
  'family',
  'history',
  'of',
  'asthma',
  'allergic',
  'to',
  'penicillin',
  'wants',
  'a',
  'second',
  'opinion',
  'discussed',
  'diet',
  'and',
  'exercise',
  'left',
  'knee',
  'swollen',
];
const RACE = ['White', 'White', 'White', 'Black', 'Black', 'Asian', 'American Indian', 'Pacific Islander', 'Other'];
const MARITAL = ['Married', 'Married', 'Never married', 'Divorced', 'Widowed', 'Separated'];
const OCCUPATION = [
  'Nurse',
  'Teacher',
  'Engineer',
  'Clerk',
  'Driver',
  'Cook',
  'Farmer',
  'Lawyer',
  'Electrician',
  'Cashier',
  'Manager',
  'Student',
  'Retired',
  'Unemployed',
  'Artist',
  'Mechanic',
];
const DIAGNOSIS = ['E11.9', 'I10', 'J45.909', 'F32.9', 'M54.5', 'K21.9', 'E78.5', 'N39.0', 'J06.9', 'R51', 'Z00.00', 'F41.1', 'G43.909', 'L40.0', 'C50.919'];

function isoDate(r: g.Rand, fromYear: number, toYear: number): string {
  const t = Date.UTC(fromYear, 0, 1) + Math.floor(r() * (Date.UTC(toYear, 11, 31) - Date.UTC(fromYear, 0, 1)));
  return new Date(t).toISOString().slice(0, 10);
}

function columns(seed: number): Col[] {
  const zips = Array.from({ length: 300 }, (_, i) => String((i * 331 + 1021) % 99_999).padStart(5, '0'));
  const batches = Array.from({ length: 150 }, (_, i) => String(100_000_000 + ((i * 7_919_113 + seed) % 899_999_999)));
  const products = Array.from({ length: 40 }, (_, i) => `PRD-${String.fromCharCode(65 + (i % 26))}${100 + i * 7}`);
  return [
    ['patient_id', L('identifier', 'uniqueId'), (_, i) => `P${String(100_000 + i * 37).padStart(7, '0')}`],
    ['first_name', L('identifier', 'personName'), (r) => pick(r, g.FIRST)],
    ['last_name', L('identifier', 'personName'), (r) => pick(r, g.LAST)],
    ['email', L('identifier', 'email'), g.email],
    ['phone', L('identifier', 'phone'), g.phone],
    ['ssn', L('identifier', 'ssn'), g.ssn],
    ['card_number', L('identifier', 'creditCard'), (r) => g.card(r)],
    ['iban', L('identifier', 'iban'), (r) => g.iban(r)],
    ['ip_address', L('identifier', 'ipv4'), g.ipv4],
    ['client_ipv6', L('identifier', 'ipv6'), g.ipv6],
    ['device_mac', L('identifier', 'mac'), g.mac],
    ['homepage', L('identifier', 'url'), g.url],
    ['session_id', L('identifier', 'uuid'), g.uuid],
    ['street_address', L('identifier', 'address'), g.address],
    ['notes', L('identifier', 'freeText'), (r) => Array.from({ length: int(r, 5, 12) }, () => pick(r, WORDS)).join(' ')],
    ['birth_date', L('quasi', 'birthDate'), (r) => isoDate(r, 1930, 2005)],
    ['age', L('quasi', 'age'), (r) => String(int(r, 18, 94))],
    ['zip_code', L('quasi', 'postalCode'), (r) => pick(r, zips)],
    ['sex', L('quasi', 'sex'), (r) => pick(r, ['Female', 'Male'])],
    ['race', L('quasi', 'race'), (r) => pick(r, RACE)],
    ['marital_status', L('quasi', 'maritalStatus'), (r) => pick(r, MARITAL)],
    ['city', L('quasi', 'geography'), (r) => pick(r, g.CITIES)],
    ['occupation', L('quasi', 'occupation'), (r) => pick(r, OCCUPATION)],
    ['diagnosis', L('sensitive', 'health'), (r) => pick(r, DIAGNOSIS)],
    ['income', L('sensitive', 'income'), (r) => String(Math.round(12_000 * Math.exp(r() * 3)))],
    // look-alikes
    ['order_number', L('identifier', 'uniqueId'), (r) => g.card(r, false).replace(/[ -]/g, '')],
    ['visit_date', L('identifier', 'eventDate'), (r) => isoDate(r, 2020, 2024)],
    ['device_serial', L('identifier', 'uniqueId'), (_, i) => String(2_000_000_000 + i * 3_967_111)],
    ['batch_number', L('insensitive', 'none'), (r) => pick(r, batches)],
    ['product_code', L('insensitive', 'none'), (r) => pick(r, products)],
    ['purchase_amount', L('insensitive', 'none'), (r) => (r() * 500).toFixed(2)],
    ['quantity', L('insensitive', 'none'), (r) => String(int(r, 1, 20))],
    ['is_member', L('insensitive', 'none'), (r) => (r() < 0.4 ? 'true' : 'false')],
    ['lab_code', L('insensitive', 'none'), (r) => `LAB-${digits(r, 2)}`],
  ];
}

export interface GenerateOptions {
  rows?: number;
  seed?: number;
  /** Replace one cell of every column with `${canary}-${column}-${row}` every 97 rows (each planted string occurs once). */
  canary?: string;
}

export function generateDataset(opts: GenerateOptions = {}): Labelled {
  const n = opts.rows ?? 2000;
  const seed = opts.seed ?? 20240601;
  const cols = columns(seed);
  const rs = cols.map((_, j) => seeded(seed + j * 1_000_003));
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    rows.push(cols.map(([name, , gen], j) => (opts.canary !== undefined && i % 97 === 13 ? `${opts.canary}-${name}-${i}` : gen(rs[j]!, i))));
  }
  return { header: cols.map((c) => c[0]), rows, labels: Object.fromEntries(cols.map(([name, label]) => [name, label])) };
}
