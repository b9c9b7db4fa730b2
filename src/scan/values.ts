// Per-value content rules for network and text identifiers. Each takes one trimmed cell and
// answers yes/no; detect.ts turns the share of sampled values that pass into a confidence.
// They are exported one by one so the tests can measure precision/recall per rule.
import { isIPv4, isIPv6 } from 'node:net';

// RFC 5322 "dot-atom" local part and an RFC 1035 host name with an alphabetic TLD of 2+
// letters (so "user@localhost" and "a@b" do not count: they are not addresses of a person).
const EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
export function isEmail(v: string): boolean {
  return v.length <= 254 && EMAIL.test(v);
}

const URL_SCHEME = /^(?:https?|ftp):\/\/[^\s/?#.][^\s]*$/i;
const URL_WWW = /^www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}(?:[/?#]\S*)?$/i;
export function isUrl(v: string): boolean {
  return URL_SCHEME.test(v) || URL_WWW.test(v);
}

// RFC 9562: version nibble 1–8, variant bits 10xx.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export function isUuid(v: string): boolean {
  return UUID.test(v);
}

/** Dotted quad without leading zeros (node:net rejects "01.2.3.4", as RFC 6943 advises). */
export function isIpv4(v: string): boolean {
  return isIPv4(v);
}

export function isIpv6(v: string): boolean {
  return v.includes(':') && isIPv6(v);
}

// IEEE 802 MAC-48 in its three common spellings: 00:1A:2B:3C:4D:5E, 00-1A-…, 001a.2b3c.4d5e.
const MAC_COLON = /^[0-9A-Fa-f]{2}(?:([:-])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2}){4}$/;
const MAC_DOT = /^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$/;
export function isMac(v: string): boolean {
  return MAC_COLON.test(v) || MAC_DOT.test(v);
}

// A name token: capitalised letters with the usual inner marks (O'Brien, Jean-Luc, McDonald),
// or an initial ("J."). Unicode letter classes so that Zoë and Øvergård count.
const NAME_TOKEN = /^(?:\p{Lu}[\p{Ll}\p{M}]*(?:['’-]\p{Lu}?[\p{Ll}\p{M}]+)*(?:\p{Lu}[\p{Ll}\p{M}]+)?|\p{Lu}\.)$/u;
const NAME_PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'da', 'di', 'du', 'del', 'la', 'le', 'bin', 'al']);
/** 1–4 capitalised alphabetic tokens (particles like "van" allowed inside). Shape only: a city
 *  name has the same shape, so detect.ts requires a name-like header as well. */
export function isPersonNameShape(v: string): boolean {
  const tokens = v.split(/\s+/);
  if (tokens.length > 4) return false;
  let named = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (NAME_TOKEN.test(t)) {
      if (t.length > 2) named++;
      continue;
    }
    if (i > 0 && i < tokens.length - 1 && NAME_PARTICLES.has(t)) continue;
    // "Smith, John"
    if (t.endsWith(',') && i === 0 && NAME_TOKEN.test(t.slice(0, -1))) {
      named++;
      continue;
    }
    return false;
  }
  return named > 0;
}

// Street address: a house number then up to five words then a street suffix (USPS Pub. 28
// common suffixes), or the continental "Hauptstraße 5" order.
const STREET_US =
  /^\d{1,6}[A-Za-z]?(?:-\d{1,4})?\s+(?:[\p{L}\d.'’-]+\s+){0,5}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|trl)\.?(?:[\s,].*)?$/iu;
const STREET_EU = /^[\p{L} .'’-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|laan|straat|gatan|vej)\s+\d{1,5}[a-z]?(?:[\s,].*)?$/iu;
const STREET_FR = /^\d{1,5}(?:\s*(?:bis|ter))?,?\s+(?:rue|avenue|boulevard|place|chemin|allée|quai|impasse|via|viale|calle|avenida)\s+\S.*$/iu;
export function isStreetAddress(v: string): boolean {
  return STREET_US.test(v) || STREET_EU.test(v) || STREET_FR.test(v);
}
