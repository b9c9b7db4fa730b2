// One sentence per measure the reports show, with its source, so a reader who has never met
// the terms can follow the page (issue 17). Renderers escape the strings.

export interface GlossaryEntry {
  term: string;
  text: string;
  source: string;
}

export const GLOSSARY: readonly GlossaryEntry[] = [
  {
    term: 'quasi-identifier',
    text: 'A column that does not name a person but, combined with others (age, sex, ZIP code), can single one out when linked with another dataset.',
    source: 'Dalenius 1986; Sweeney 2002',
  },
  {
    term: 'equivalence class',
    text: 'The records that share the same (generalized) values of every quasi-identifier; an attacker cannot tell them apart.',
    source: 'Sweeney 2002',
  },
  {
    term: 'k (smallest class)',
    text: 'The size of the smallest equivalence class: every record is indistinguishable from at least k − 1 others (k-anonymity).',
    source: 'Samarati & Sweeney 1998; Sweeney 2002',
  },
  { term: 'sample unique', text: 'A record alone in its equivalence class in this dataset (a class of size 1).', source: 'Skinner & Elliot 2002' },
  {
    term: 'prosecutor risk',
    text: 'The chance of re-identifying a record when the attacker knows the person is in the data: 1 / the size of its class; "highest" is 1/k, "average" is classes / records.',
    source: 'El Emam 2013, ch. 5; ARX',
  },
  {
    term: 'records with risk > τ',
    text: 'The share of released records whose prosecutor risk is strictly above the threshold τ.',
    source: 'El Emam 2013; ARX',
  },
  {
    term: 'journalist risk',
    text: 'The same for an attacker who does not know whether the person is in the sample: 1 / the size of the matching class in the population (from a population table; otherwise equal to prosecutor risk).',
    source: 'El Emam 2013; ARX',
  },
  { term: 'marketer risk', text: 'The expected share of records an attacker re-identifies by linking every record at once.', source: 'El Emam 2013; ARX' },
  {
    term: 'population uniques (estimated)',
    text: 'The estimated share of records unique in the whole population, from the frequency of class sizes (Pitman, Zayatz or SNB models, chosen by the rule of Dankar et al.).',
    source: 'Hoshino 2001; Zayatz 1991; Chen & Keller-McNulty 1998; Dankar et al. 2012',
  },
  {
    term: 'generalization level',
    text: 'How far a quasi-identifier was coarsened along its hierarchy: level 0 is the original value, the top level is "*".',
    source: 'Samarati 2001; ARX',
  },
  {
    term: 'suppression',
    text: 'Records left out of the release (or written with every quasi-identifier "*") because they would stay in too small a class.',
    source: 'Samarati 2001',
  },
  {
    term: 'information loss',
    text: 'Per column, the average over records of (original values a released value stands for − 1) / (all values − 1): 0 = unchanged, 1 = every value hidden; suppressed records count 1.',
    source: 'Iyengar 2002; ARX "Loss"',
  },
  {
    term: 'distinct l',
    text: 'The smallest number of different sensitive values in any class; l = 1 means that in some class everyone has the same value, so knowing a person is there reveals it.',
    source: 'Machanavajjhala et al. 2007',
  },
  {
    term: 'entropy l',
    text: "e raised to the smallest entropy of a class's sensitive values: like distinct l, but low when one value dominates.",
    source: 'Machanavajjhala et al. 2007',
  },
  {
    term: 't (closeness)',
    text: "The largest distance (Earth Mover's Distance) between the sensitive values of a class and those of all released records: 0 = every class looks like the whole.",
    source: 'Li, Li & Venkatasubramanian 2007',
  },
  {
    term: 'risk driver',
    text: 'A quasi-identifier whose removal would remove the most sample uniques: what to coarsen next.',
    source: 'kanon; cf. ARX attribute risk',
  },
  {
    term: 'risk gate',
    text: "The thresholds of the policy's risk section, checked on the released records; a failed gate exits 4 and writes no data.",
    source: 'kanon policy',
  },
];
