// Known category vocabularies with published groupings, for drafting multi-level trees
// (issue 13: "multi-level trees for known demographics"). Each entry is [value, innermost
// group, …, outermost group]; every entry of a vocabulary has the same depth.
//   - education, occupation, workclass, native-country: the hierarchies ARX ships with its
//     Adult example (fixtures/adult/adult_hierarchy_*.csv; Prasser et al., ARX), spelled as
//     the UCI Adult data spells them;
//   - countries by their English short names (ISO 3166-1) → continent, the same continent
//     labels as the Adult hierarchy (the UN M49 regions, with the Americas split in two);
//   - marital status: the Adult and the US Census spellings, grouped by the rule of
//     hierarchies.ts (married / never married / previously married).
// The vocabulary is public, so a draft may list all of it: a tree that lists every known label,
// whether or not it occurs, says nothing about who is in the data (see hierarchies.ts).
import type { FindingKind } from './types.js';

export interface Vocabulary {
  /** Shown in the draft's reason. */
  name: string;
  /** The finding kinds whose columns may use it. */
  kinds: readonly FindingKind[];
  entries: ReadonlyArray<readonly string[]>;
}

/** "value:group1:group2" lines → entries (the value never contains ":"). */
const parse = (text: string): string[][] =>
  text
    .trim()
    .split('\n')
    .map((l) => l.trim().split(':'));

const EDUCATION = parse(`
Bachelors:Undergraduate:Higher education
Some-college:Undergraduate:Higher education
Prof-school:Professional Education:Higher education
Assoc-acdm:Professional Education:Higher education
Assoc-voc:Professional Education:Higher education
Masters:Graduate:Higher education
Doctorate:Graduate:Higher education
HS-grad:High School:Secondary education
12th:High School:Secondary education
11th:High School:Secondary education
10th:High School:Secondary education
9th:High School:Secondary education
7th-8th:High School:Secondary education
5th-6th:Primary School:Primary education
1st-4th:Primary School:Primary education
Preschool:Primary School:Primary education`);

const OCCUPATION = parse(`
Tech-support:Technical
Craft-repair:Technical
Prof-specialty:Technical
Machine-op-inspct:Technical
Sales:Nontechnical
Exec-managerial:Nontechnical
Handlers-cleaners:Nontechnical
Other-service:Other
Adm-clerical:Other
Farming-fishing:Other
Transport-moving:Other
Priv-house-serv:Other
Protective-serv:Other
Armed-Forces:Other`);

const WORKCLASS = parse(`
Private:Non-Government
Self-emp-not-inc:Non-Government
Self-emp-inc:Non-Government
Federal-gov:Government
Local-gov:Government
State-gov:Government
Without-pay:Unemployed
Never-worked:Unemployed`);

// ARX's Adult native-country hierarchy, as shipped (including its spellings and its choice
// of continent for each).
const ADULT_COUNTRY = parse(`
United-States:North America
Canada:North America
Mexico:North America
Puerto-Rico:North America
Outlying-US(Guam-USVI-etc):North America
Cuba:North America
Honduras:North America
Jamaica:North America
Dominican-Republic:North America
Haiti:North America
Guatemala:North America
El-Salvador:North America
Ecuador:South America
Columbia:South America
Nicaragua:South America
Trinadad&Tobago:South America
Peru:South America
England:Europe
Germany:Europe
Greece:Europe
Italy:Europe
Poland:Europe
Portugal:Europe
Ireland:Europe
France:Europe
Hungary:Europe
Scotland:Europe
Yugoslavia:Europe
Holand-Netherlands:Europe
Cambodia:Asia
India:Asia
Japan:Asia
China:Asia
Iran:Asia
Philippines:Asia
Vietnam:Asia
Laos:Asia
Taiwan:Asia
Thailand:Asia
Hong:Asia
South:Africa`);

const CONTINENT: Record<string, string> = {
  'North America':
    'United States,Canada,Mexico,Guatemala,Honduras,El Salvador,Nicaragua,Costa Rica,Panama,Cuba,Jamaica,Haiti,Dominican Republic,Puerto Rico,Trinidad and Tobago,Bahamas,Barbados,Belize',
  'South America': 'Brazil,Argentina,Chile,Colombia,Peru,Venezuela,Ecuador,Bolivia,Paraguay,Uruguay,Guyana,Suriname',
  Europe:
    'United Kingdom,Ireland,France,Germany,Netherlands,Belgium,Luxembourg,Switzerland,Austria,Italy,Spain,Portugal,Greece,Poland,Czechia,Slovakia,Hungary,Romania,Bulgaria,Serbia,Croatia,Slovenia,Bosnia and Herzegovina,Albania,North Macedonia,Denmark,Norway,Sweden,Finland,Iceland,Estonia,Latvia,Lithuania,Ukraine,Belarus,Moldova,Russia',
  Asia: 'China,Japan,South Korea,North Korea,Mongolia,Taiwan,Hong Kong,India,Pakistan,Bangladesh,Sri Lanka,Nepal,Afghanistan,Iran,Iraq,Syria,Lebanon,Israel,Jordan,Saudi Arabia,United Arab Emirates,Qatar,Kuwait,Turkey,Kazakhstan,Uzbekistan,Vietnam,Thailand,Cambodia,Laos,Myanmar,Malaysia,Singapore,Indonesia,Philippines',
  Africa:
    'Egypt,Morocco,Algeria,Tunisia,Libya,Nigeria,Ghana,Senegal,Ethiopia,Kenya,Tanzania,Uganda,Somalia,South Africa,Zimbabwe,Zambia,Angola,Mozambique,Cameroon,Sudan,Democratic Republic of the Congo',
  Oceania: 'Australia,New Zealand,Papua New Guinea,Fiji,Samoa,Tonga',
};
const COUNTRY = Object.entries(CONTINENT).flatMap(([c, list]) => list.split(',').map((v) => [v, c]));

// Married / never married / previously married (US Census Bureau marital-status categories).
const ADULT_MARITAL = parse(`
Married-civ-spouse:Married
Married-AF-spouse:Married
Married-spouse-absent:Previously married
Never-married:Never married
Divorced:Previously married
Separated:Previously married
Widowed:Previously married`);
const CENSUS_MARITAL = parse(`
Married:Married
Never married:Never married
Single:Never married
Divorced:Previously married
Separated:Previously married
Widowed:Previously married`);

export const VOCABULARIES: readonly Vocabulary[] = [
  { name: 'education groups of the Adult hierarchy', kinds: ['education'], entries: EDUCATION },
  { name: 'occupation groups of the Adult hierarchy', kinds: ['occupation'], entries: OCCUPATION },
  { name: 'workclass groups of the Adult hierarchy', kinds: ['demographic'], entries: WORKCLASS },
  { name: 'country → continent of the Adult hierarchy', kinds: ['geography'], entries: ADULT_COUNTRY },
  { name: 'country → continent (English short names)', kinds: ['geography'], entries: COUNTRY },
  { name: 'marital status (Adult spellings) → married / never / previously married', kinds: ['maritalStatus'], entries: ADULT_MARITAL },
  { name: 'marital status → married / never / previously married', kinds: ['maritalStatus'], entries: CENSUS_MARITAL },
];

/** Spelling-insensitive key: case, "-", "_" and runs of spaces do not matter. */
export function vocabKey(v: string): string {
  return v
    .trim()
    .toLowerCase()
    .replace(/[-_\s]+/g, ' ');
}
