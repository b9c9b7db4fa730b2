// Deterministic synthetic people data for benchmarks (never committed; written to bench/data/).
//   node bench/generate.mjs ROWS OUT.csv
//   node bench/generate.mjs ROWS OUT.csv --people18   (the 18-column table of issue 13, below)
// Columns: identifiers (id, name, email, ssn, phone), quasi-identifiers (birth_date, zip, sex,
// age, race, marital, education), and others (occupation, diagnosis, income, visit_date).
// A seeded xorshift PRNG makes the same ROWS give byte-identical files on every machine.
import { createWriteStream } from 'node:fs';

export function prng(seed = 0x9e3779b9) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

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
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Carlos',
  'Aiko',
  'Fatima',
  'Olga',
  'Wei',
  'Priya',
  'Kwame',
  'Sofia',
  'Lars',
  'Amara',
  'Mateo',
  'Yuki',
];
const LAST = [
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
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Nakamura',
  'Okafor',
  'Kowalski',
  'Nguyen',
  'Andersson',
];
const DOMAINS = ['example.com', 'mail.example.org', 'example.net', 'corp.example'];
const RACE = ['White', 'Black', 'Asian-Pac-Islander', 'Amer-Indian-Eskimo', 'Other'];
const MARITAL = ['Married-civ-spouse', 'Never-married', 'Divorced', 'Separated', 'Widowed', 'Married-spouse-absent', 'Married-AF-spouse'];
const EDUCATION = [
  'Bachelors',
  'HS-grad',
  '11th',
  'Masters',
  '9th',
  'Some-college',
  'Assoc-acdm',
  'Assoc-voc',
  '7th-8th',
  'Doctorate',
  'Prof-school',
  '5th-6th',
  '10th',
  '1st-4th',
  'Preschool',
  '12th',
];
const OCCUPATION = [
  'Tech-support',
  'Craft-repair',
  'Other-service',
  'Sales',
  'Exec-managerial',
  'Prof-specialty',
  'Handlers-cleaners',
  'Machine-op-inspct',
  'Adm-clerical',
  'Farming-fishing',
  'Transport-moving',
  'Priv-house-serv',
  'Protective-serv',
  'Armed-Forces',
];
const DIAGNOSIS = ['J45 asthma', 'E11 diabetes', 'I10 hypertension', 'F32 depression', 'M54 back pain', 'J06 infection', 'K21 reflux', 'none'];

export const HEADER = [
  'id',
  'name',
  'email',
  'ssn',
  'phone',
  'birth_date',
  'zip',
  'sex',
  'age',
  'race',
  'marital',
  'education',
  'occupation',
  'diagnosis',
  'income',
  'visit_date',
];

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
      String(100000 + i),
      `${first} ${last}`,
      `${first}.${last}${i % 1000}@${pick(DOMAINS)}`.toLowerCase(),
      ssn,
      phone,
      `${year}-${pad(month, 2)}-${pad(day, 2)}`,
      zip,
      r() < 0.5 ? 'Female' : 'Male',
      String(2024 - year),
      pick(RACE),
      pick(MARITAL),
      pick(EDUCATION),
      pick(OCCUPATION),
      pick(DIAGNOSIS),
      String(15000 + Math.floor(r() * 185000)),
      `${vy}-${pad(1 + Math.floor(r() * 12), 2)}-${pad(1 + Math.floor(r() * 28), 2)}`,
    ];
  }
}

// Wide variant (issue 13's 10-QI search bench): three more columns appended, drawn from a
// second PRNG so the first 16 columns stay byte-identical to the plain file. Skewed like census
// data (most rows in a few workclasses, one country, 35–45 hours).
export const WORKCLASS = [
  'Private',
  'Private',
  'Private',
  'Private',
  'Private',
  'Self-emp-not-inc',
  'Self-emp-inc',
  'Local-gov',
  'State-gov',
  'Federal-gov',
  'Without-pay',
  'Never-worked',
];
export const COUNTRY = [
  'United-States',
  'Mexico',
  'Philippines',
  'Germany',
  'Canada',
  'Puerto-Rico',
  'El-Salvador',
  'India',
  'Cuba',
  'England',
  'Jamaica',
  'South',
  'China',
  'Italy',
  'Dominican-Republic',
  'Vietnam',
  'Guatemala',
  'Japan',
  'Poland',
  'Columbia',
  'Taiwan',
  'Haiti',
  'Iran',
  'Portugal',
  'Nicaragua',
  'Peru',
  'France',
  'Greece',
  'Ecuador',
  'Ireland',
  'Hong',
  'Cambodia',
  'Trinadad&Tobago',
  'Laos',
  'Thailand',
  'Yugoslavia',
  'Outlying-US(Guam-USVI-etc)',
  'Honduras',
  'Hungary',
  'Scotland',
  'Holand-Netherlands',
];
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
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise((res) => out.end(res));
}

// The 18-column people table of issue 13 (`node bench/generate.mjs ROWS OUT.csv --people18`):
// identifiers, the Adult census quasi-identifiers with Adult's vocabularies and roughly its
// frequencies, a ZIP code, a city (Zipf over 150 names: high cardinality, a long tail), hours
// per week, income and a diagnosis. Its own PRNG stream, so the 16-column table is unchanged.
export const HEADER18 = [
  'id',
  'name',
  'email',
  'ssn',
  'birth_date',
  'age',
  'sex',
  'race',
  'marital_status',
  'education',
  'occupation',
  'workclass',
  'zip',
  'city',
  'native_country',
  'hours_per_week',
  'income',
  'diagnosis',
];

/** [value, weight] lists → a sampler over a uniform draw. */
function weighted(pairs) {
  const total = pairs.reduce((a, [, w]) => a + w, 0);
  const cum = [];
  let acc = 0;
  for (const [v, w] of pairs) {
    acc += w / total;
    cum.push([v, acc]);
  }
  return (u) => {
    for (const [v, c] of cum) if (u < c) return v;
    return cum[cum.length - 1][0];
  };
}
const W = (text) =>
  text
    .trim()
    .split(/\s+/)
    .map((t) => {
      const i = t.lastIndexOf('=');
      return [t.slice(0, i), Number(t.slice(i + 1))];
    });
const SEX18 = weighted(W('Male=67 Female=33'));
const RACE18 = weighted(W('White=854 Black=96 Asian-Pac-Islander=31 Amer-Indian-Eskimo=10 Other=9'));
const MARITAL18 = weighted(W('Married-civ-spouse=460 Never-married=330 Divorced=136 Separated=31 Widowed=30 Married-spouse-absent=12 Married-AF-spouse=1'));
const EDUCATION18 = weighted(
  W(
    'HS-grad=320 Some-college=220 Bachelors=165 Masters=54 Assoc-voc=42 11th=36 Assoc-acdm=33 10th=29 7th-8th=20 Prof-school=17 9th=16 12th=13 Doctorate=13 5th-6th=10 1st-4th=5 Preschool=2',
  ),
);
const OCCUPATION18 = weighted(
  W(
    'Prof-specialty=130 Craft-repair=130 Exec-managerial=130 Adm-clerical=120 Sales=120 Other-service=100 Machine-op-inspct=65 Transport-moving=50 Handlers-cleaners=45 Farming-fishing=33 Tech-support=30 Protective-serv=21 Priv-house-serv=5 Armed-Forces=1',
  ),
);
const WORKCLASS18 = weighted(W('Private=740 Self-emp-not-inc=80 Local-gov=68 State-gov=40 Self-emp-inc=36 Federal-gov=30 Without-pay=1 Never-worked=1'));
const COUNTRY18 = weighted(
  W(
    'United-States=9100 Mexico=200 Philippines=60 Germany=45 Canada=40 Puerto-Rico=37 El-Salvador=35 India=30 Cuba=30 England=30 China=25 Jamaica=25 South=24 Italy=24 Dominican-Republic=23 Vietnam=22 Guatemala=21 Japan=20 Poland=20 Columbia=19 Taiwan=17 Haiti=15 Iran=14 Portugal=12 Nicaragua=11 Peru=10 Greece=10 France=9 Ecuador=9 Ireland=8 Hong=7 Cambodia=6 Trinadad&Tobago=6 Laos=6 Thailand=6 Yugoslavia=5 Outlying-US(Guam-USVI-etc)=5 Honduras=4 Hungary=4 Scotland=4 Holand-Netherlands=1',
  ),
);
const CITY_ROOTS = ['Spring', 'River', 'Oak', 'Maple', 'Green', 'Lake', 'Hill', 'Fair', 'Clear', 'Rock'];
const CITY_ENDS = ['field', 'side', 'ton', 'ville', 'wood', 'dale', 'port', 'burg', 'view', 'land', 'haven', 'mont', 'ford', 'bridge', 'brook'];
const CITY18 = weighted(CITY_ROOTS.flatMap((a) => CITY_ENDS.map((b) => a + b)).map((c, i) => [c, 1 / (i + 1)]));
const DIAGNOSIS18 = ['E11.9', 'I10', 'J45.909', 'F32.9', 'M54.5', 'K21.9', 'E78.5', 'N39.0', 'J06.9', 'R51', 'Z00.00', 'F41.1', 'G43.909', 'L40.0', 'C50.919'];

export function* people18(rows, seed = 18) {
  const r = prng(0x5eed0000 ^ seed);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const pad = (n, w) => String(n).padStart(w, '0');
  for (let i = 0; i < rows; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const year = 1930 + Math.floor(r() * 77);
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 28);
    const age = 2024 - year - (month > 6 ? 1 : 0); // age on 2024-07-01
    const ssn = `${pad(100 + Math.floor(r() * 565), 3)}-${pad(1 + Math.floor(r() * 98), 2)}-${pad(1 + Math.floor(r() * 9998), 4)}`;
    const zip = pad((100 + Math.floor(r() * 30) * 29) * 100 + Math.floor(r() * 100), 5);
    const u = r();
    const hours = u < 0.47 ? 40 : 1 + Math.floor(((r() + r() + r()) / 3) * 98);
    yield [
      String(1000000 + i),
      `${first} ${last}`,
      `${first}.${last}${i % 1000}@${pick(DOMAINS)}`.toLowerCase(),
      ssn,
      `${year}-${pad(month, 2)}-${pad(day, 2)}`,
      String(age),
      SEX18(r()),
      RACE18(r()),
      MARITAL18(r()),
      EDUCATION18(r()),
      OCCUPATION18(r()),
      WORKCLASS18(r()),
      zip,
      CITY18(r()),
      COUNTRY18(r()),
      String(hours),
      String(10000 + Math.floor(Math.exp(r() * 3) * 12000)),
      pick(DIAGNOSIS18),
    ];
  }
}

export async function writeCsv(header, gen, path) {
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? undefined : new Promise((res) => out.once('drain', res)));
  await write(header.join(',') + '\n');
  let buf = '';
  for (const row of gen) {
    buf += row.join(',') + '\n';
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise((res) => out.end(res));
}

export function writePeople18Csv(rows, path, seed = 18) {
  return writeCsv(HEADER18, people18(rows, seed), path);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 1000000);
  const path = process.argv[3] ?? 'bench/data/people.csv';
  if (process.argv.includes('--people18')) await writePeople18Csv(rows, path);
  else await writePeopleCsv(rows, path);
  console.error(`wrote ${rows} rows to ${path}`);
}

const tree = (groups) => ({ type: 'tree', groups });
/** The six quasi-identifiers of the people table with the hierarchies every bench uses
 *  (search, mondrian, sensitive, frequencies, duckdb): one definition, spread into a policy. */
export const PEOPLE_QUASI = {
  zip: { role: 'quasi', hierarchy: { type: 'mask' } },
  sex: { role: 'quasi', hierarchy: tree({ '*': ['Female', 'Male'] }) },
  age: { role: 'quasi', hierarchy: { type: 'interval', widths: [5, 10, 20, 40] } },
  race: { role: 'quasi', hierarchy: tree({ White: ['White'], 'Non-white': ['Black', 'Asian-Pac-Islander', 'Amer-Indian-Eskimo', 'Other'] }) },
  marital: {
    role: 'quasi',
    hierarchy: tree({
      Married: ['Married-civ-spouse', 'Married-spouse-absent', 'Married-AF-spouse'],
      Single: ['Never-married', 'Divorced', 'Separated', 'Widowed'],
    }),
  },
  education: {
    role: 'quasi',
    hierarchy: tree({
      Higher: { Graduate: ['Masters', 'Doctorate', 'Prof-school'], Undergrad: ['Bachelors', 'Some-college', 'Assoc-acdm', 'Assoc-voc'] },
      Secondary: { HighSchool: ['HS-grad', '12th', '11th', '10th', '9th'], Primary: ['7th-8th', '5th-6th', '1st-4th', 'Preschool'] },
    }),
  },
};

const drop = { role: 'identifier', operator: 'drop' };
/** The people table's six-QI policy columns (direct identifiers dropped, diagnosis sensitive,
 *  the rest released as they are): the common case of the search, mondrian, sensitive and
 *  duckdb benches. */
export const PEOPLE_SIX_COLUMNS = {
  id: drop,
  name: drop,
  email: drop,
  ssn: drop,
  phone: drop,
  birth_date: drop,
  ...PEOPLE_QUASI,
  occupation: { role: 'insensitive' },
  diagnosis: { role: 'sensitive' },
  income: { role: 'insensitive' },
  visit_date: { role: 'insensitive' },
};
