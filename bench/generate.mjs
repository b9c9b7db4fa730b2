// Deterministic synthetic people data for benchmarks (never committed; written to bench/data/).
//   node bench/generate.mjs ROWS OUT.csv
// Columns: identifiers (id, name, email, ssn, phone), quasi-identifiers (birth_date, zip, sex,
// age, race, marital, education), and others (occupation, diagnosis, income, visit_date).
// A seeded xorshift PRNG makes the same ROWS give byte-identical files on every machine.
import { createWriteStream } from 'node:fs';

export function prng(seed = 0x9e3779b9) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 0x100000000;
  };
}

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Carlos', 'Aiko', 'Fatima', 'Olga', 'Wei', 'Priya', 'Kwame', 'Sofia', 'Lars', 'Amara', 'Mateo', 'Yuki'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Nakamura', 'Okafor', 'Kowalski', 'Nguyen', 'Andersson'];
const DOMAINS = ['example.com', 'mail.example.org', 'example.net', 'corp.example'];
const RACE = ['White', 'Black', 'Asian-Pac-Islander', 'Amer-Indian-Eskimo', 'Other'];
const MARITAL = ['Married-civ-spouse', 'Never-married', 'Divorced', 'Separated', 'Widowed', 'Married-spouse-absent', 'Married-AF-spouse'];
const EDUCATION = ['Bachelors', 'HS-grad', '11th', 'Masters', '9th', 'Some-college', 'Assoc-acdm', 'Assoc-voc', '7th-8th', 'Doctorate', 'Prof-school', '5th-6th', '10th', '1st-4th', 'Preschool', '12th'];
const OCCUPATION = ['Tech-support', 'Craft-repair', 'Other-service', 'Sales', 'Exec-managerial', 'Prof-specialty', 'Handlers-cleaners', 'Machine-op-inspct', 'Adm-clerical', 'Farming-fishing', 'Transport-moving', 'Priv-house-serv', 'Protective-serv', 'Armed-Forces'];
const DIAGNOSIS = ['J45 asthma', 'E11 diabetes', 'I10 hypertension', 'F32 depression', 'M54 back pain', 'J06 infection', 'K21 reflux', 'none'];

export const HEADER = ['id', 'name', 'email', 'ssn', 'phone', 'birth_date', 'zip', 'sex', 'age', 'race', 'marital', 'education', 'occupation', 'diagnosis', 'income', 'visit_date'];

export function* people(rows, seed) {
  const r = prng(seed);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const pad = (n, w) => String(n).padStart(w, '0');
  for (let i = 0; i < rows; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const year = 1935 + Math.floor(r() * 70);
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 28);
    const ssn = `${pad(100 + Math.floor(r() * 565), 3)}-${pad(1 + Math.floor(r() * 98), 2)}-${pad(1 + Math.floor(r() * 9998), 4)}`;
    const phone = `+1-${200 + Math.floor(r() * 700)}-555-${pad(Math.floor(r() * 10000), 4)}`;
    const zip = pad(10000 + Math.floor(r() * 400) * 7 + Math.floor(r() * 5), 5);
    const vy = 2019 + Math.floor(r() * 5);
    yield [
      String(100000 + i), `${first} ${last}`, `${first}.${last}${i % 1000}@${pick(DOMAINS)}`.toLowerCase(), ssn, phone,
      `${year}-${pad(month, 2)}-${pad(day, 2)}`, zip, r() < 0.5 ? 'Female' : 'Male', String(2024 - year), pick(RACE),
      pick(MARITAL), pick(EDUCATION), pick(OCCUPATION), pick(DIAGNOSIS), String(15000 + Math.floor(r() * 185000)),
      `${vy}-${pad(1 + Math.floor(r() * 12), 2)}-${pad(1 + Math.floor(r() * 28), 2)}`,
    ];
  }
}

// Wide variant (issue 13's 10-QI search bench): three more columns appended, drawn from a
// second PRNG so the first 16 columns stay byte-identical to the plain file. Skewed like census
// data (most rows in a few workclasses, one country, 35–45 hours).
export const WORKCLASS = ['Private', 'Private', 'Private', 'Private', 'Private', 'Self-emp-not-inc', 'Self-emp-inc', 'Local-gov', 'State-gov', 'Federal-gov', 'Without-pay', 'Never-worked'];
export const COUNTRY = ['United-States', 'Mexico', 'Philippines', 'Germany', 'Canada', 'Puerto-Rico', 'El-Salvador', 'India', 'Cuba', 'England', 'Jamaica', 'South', 'China', 'Italy', 'Dominican-Republic', 'Vietnam', 'Guatemala', 'Japan', 'Poland', 'Columbia', 'Taiwan', 'Haiti', 'Iran', 'Portugal', 'Nicaragua', 'Peru', 'France', 'Greece', 'Ecuador', 'Ireland', 'Hong', 'Cambodia', 'Trinadad&Tobago', 'Laos', 'Thailand', 'Yugoslavia', 'Outlying-US(Guam-USVI-etc)', 'Honduras', 'Hungary', 'Scotland', 'Holand-Netherlands'];
export const WIDE_HEADER = [...HEADER, 'workclass', 'native_country', 'hours_per_week'];

function* wideExtra(rows, seed) {
  const r = prng((seed ^ 0x5bd1e995) >>> 0);
  for (let i = 0; i < rows; i++) {
    const w = WORKCLASS[Math.floor(r() * WORKCLASS.length)];
    const c = r() < 0.85 ? COUNTRY[0] : COUNTRY[1 + Math.floor(Math.pow(r(), 2) * (COUNTRY.length - 1))];
    const h = Math.max(1, Math.min(99, Math.round(40 + (r() + r() + r() - 1.5) * 16)));
    yield [w, c, String(h)];
  }
}

export async function writePeopleCsv(rows, path, seed = 42, { wide = false } = {}) {
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? undefined : new Promise((res) => out.once('drain', res)));
  await write((wide ? WIDE_HEADER : HEADER).join(',') + '\n');
  let buf = '';
  const extra = wide ? wideExtra(rows, seed) : null;
  for (const row of people(rows, seed)) {
    buf += row.join(',') + (extra ? ',' + extra.next().value.join(',') : '') + '\n';
    if (buf.length > 1 << 20) { await write(buf); buf = ''; }
  }
  await write(buf);
  await new Promise((res) => out.end(res));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 1000000);
  const path = process.argv[3] ?? 'bench/data/people.csv';
  await writePeopleCsv(rows, path);
  console.error(`wrote ${rows} rows to ${path}`);
}
