// Content rules over a column's reservoir sample: the share of sampled values each per-value
// test accepts. Only shares leave this file — never a value.
import type { ColumnProfile, Detection, FindingKind } from './types.js';
import { isEmail, isUrl, isUuid, isIpv4, isIpv6, isMac, isPersonNameShape, isStreetAddress } from './values.js';
import { isSsn, isCardNumber, isIban, isPhone } from './numbers.js';
import { CONTENT_HINTS, NOT_PERSON_NAME, NOT_POSTAL_ADDRESS } from './names.js';

type ValueTest = (v: string, hinted: boolean) => boolean;

/** Per-value tests by kind; `hinted` is true when the header names the kind. */
export const VALUE_TESTS: Partial<Record<FindingKind, ValueTest>> = {
  email: (v) => isEmail(v),
  url: (v) => isUrl(v),
  uuid: (v) => isUuid(v),
  ipv4: (v) => isIpv4(v),
  ipv6: (v) => isIpv6(v),
  mac: (v) => isMac(v),
  ssn: (v, hinted) => isSsn(v, { bare: hinted }),
  creditCard: (v) => isCardNumber(v),
  iban: (v) => isIban(v),
  phone: (v, hinted) => isPhone(v, { bare: hinted }),
  address: (v) => isStreetAddress(v),
  personName: (v) => isPersonNameShape(v),
};

/** Kinds whose values are not self-evident: they need a header hint as well (a person name has
 *  the shape of a city name). */
const NEEDS_HINT = new Set<FindingKind>(['personName']);

/** Share of sample needed without / with a header hint. A column that mixes formats or has a
 *  few typos still passes; a column where some values merely look alike does not. */
const SHARE = 0.8;
const SHARE_HINTED = 0.6;

export function hinted(kind: FindingKind, header: string): boolean {
  const re = CONTENT_HINTS[kind];
  if (!re || !re.test(header)) return false;
  if (kind === 'personName' && NOT_PERSON_NAME.test(header)) return false;
  if (kind === 'address' && NOT_POSTAL_ADDRESS.test(header)) return false;
  return true;
}

export function contentDetections(p: ColumnProfile, header: string): Detection[] {
  const out: Detection[] = [];
  const n = p.sample.length;
  if (n === 0) return out;
  for (const [kind, test] of Object.entries(VALUE_TESTS) as Array<[FindingKind, ValueTest]>) {
    const hint = hinted(kind, header);
    if (NEEDS_HINT.has(kind) && !hint) continue;
    let hits = 0;
    for (const v of p.sample) if (test(v, hint)) hits++;
    const share = hits / n;
    if (share < (hint ? SHARE_HINTED : SHARE)) continue;
    // The share of matching values is the evidence; a header that agrees adds a little.
    const confidence = Math.min(1, share * 0.9 + (hint ? 0.1 : 0.05));
    out.push({ rule: `content:${kind}${hint ? '+header' : ''}`, kind, confidence, share });
  }
  return out.sort((a, b) => b.confidence - a.confidence);
}
