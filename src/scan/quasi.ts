// Quasi-identifier and sensitive-attribute rules: header names backed by the column's shape
// (type, range, cardinality) where a shape exists to check.
import type { ColumnProfile, Detection } from './types.js';
import { AGE, BIRTH_DATE, QUASI_RULES, SENSITIVE_RULES } from './names.js';

export interface QuasiResult {
  detection: Detection;
  reason: string;
}

/** Oldest plausible living person (Jeanne Calment, 122 years) rounded up. */
const MAX_AGE_YEARS = 125;
const SEX = /^(?:m|f|male|female|man|woman|w|x|u|o|other|unknown|non[- ]?binary|diverse|d|intersex)$/i;
const MARITAL = /married|single|divorc|widow|separated|partner|spouse|unmarried|cohabit/i;
// US ZIP / ZIP+4, UK postcode, Canadian, Dutch, and the 4–6 digit codes used elsewhere.
const POSTAL = /^(?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|\d{4} ?[A-Z]{2}|\d{4,6})$/i;

function share(sample: readonly string[], re: RegExp): number {
  if (sample.length === 0) return 0;
  let hits = 0;
  for (const v of sample) if (re.test(v)) hits++;
  return hits / sample.length;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

export function quasiDetection(p: ColumnProfile, header: string, now: Date): QuasiResult | undefined {
  const isDate = p.type === 'date' || p.type === 'datetime';
  if (BIRTH_DATE.test(header) && isDate && p.minDate !== undefined && p.maxDate !== undefined) {
    const today = now.toISOString().slice(0, 10);
    const oldest = `${now.getUTCFullYear() - MAX_AGE_YEARS}${today.slice(4)}`;
    if (p.minDate >= oldest && p.maxDate <= today) {
      return {
        detection: { rule: 'header:birthDate+date+range', kind: 'birthDate', confidence: 0.95 },
        reason: `header:birthDate: ${pct(p.typeShare)} of values are dates, all within the last ${MAX_AGE_YEARS} years`,
      };
    }
  }
  if (AGE.test(header) && (p.type === 'integer' || p.type === 'decimal') && p.min !== undefined && p.max !== undefined && p.min >= 0 && p.max <= 120) {
    return {
      detection: { rule: 'header:age+range', kind: 'age', confidence: 0.9 },
      reason: `header:age: ${pct(p.typeShare)} of values are numbers, all within 0–120`,
    };
  }
  if (p.type === 'text') return undefined;
  for (const rule of QUASI_RULES) {
    if (!rule.re.test(header)) continue;
    if (rule.kind === 'postalCode') {
      const s = share(p.sample, POSTAL);
      return {
        detection: { rule: 'header:postalCode', kind: 'postalCode', confidence: Math.min(1, 0.6 + 0.35 * s), share: s },
        reason: `header:postalCode: ${pct(s)} of ${p.sample.length} sampled values have a postal-code shape`,
      };
    }
    return {
      detection: { rule: `header:${rule.kind}`, kind: rule.kind, confidence: 0.85 },
      reason: `header:${rule.kind}: header matches the ${rule.kind} rule (${p.distinct}${p.distinctExact ? '' : '≈'} distinct values)`,
    };
  }
  // Content only: a categorical column whose labels are sexes or marital statuses.
  if (p.type === 'categorical' || p.type === 'boolean') {
    const sexShare = share(p.sample, SEX);
    if (p.distinct <= 5 && sexShare >= 0.95) {
      return {
        detection: { rule: 'content:sex', kind: 'sex', confidence: 0.7, share: sexShare },
        reason: `content:sex: ${pct(sexShare)} of sampled values are sex/gender codes`,
      };
    }
    const marShare = share(p.sample, MARITAL);
    if (p.distinct <= 12 && marShare >= 0.9) {
      return {
        detection: { rule: 'content:maritalStatus', kind: 'maritalStatus', confidence: 0.7, share: marShare },
        reason: `content:maritalStatus: ${pct(marShare)} of sampled values are marital statuses`,
      };
    }
  }
  return undefined;
}

export function sensitiveDetection(header: string): Detection | undefined {
  const rule = SENSITIVE_RULES.find((r) => r.re.test(header));
  return rule ? { rule: `header:${rule.kind}`, kind: rule.kind, confidence: 0.8 } : undefined;
}
