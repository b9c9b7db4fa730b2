// Header-name rules. A header is normalised to "_snake_case_" (camelCase split, any
// punctuation → "_") so that every rule matches whole words: "_dob_" does not hit "adobe".
import type { FindingKind } from './types.js';

export function normalizeHeader(h: string): string {
  const snake = h
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
  return `_${snake}_`.replace(/_+/g, '_');
}

/** Header hints for content detectors: they lower the share needed and allow bare digit runs. */
export const CONTENT_HINTS: Partial<Record<FindingKind, RegExp>> = {
  email: /_e_?mail(?:_address)?_|_email/,
  phone: /_(?:phone|tel|telephone|mobile|cell|fax|msisdn)/,
  ssn: /_(?:ssn|social_security(?:_number)?|sozialversicherungsnummer)_/,
  creditCard: /_(?:card|cc|pan|credit_card|cc_number|card_number)_/,
  iban: /_(?:iban|bank_account)_/,
  ipv4: /_(?:ip|ipv4|ip_address|client_ip|remote_addr)_/,
  ipv6: /_(?:ip|ipv6|ip_address|client_ip|remote_addr)_/,
  mac: /_mac(?:_address)?_/,
  url: /_(?:url|website|homepage|link|uri|web)_/,
  uuid: /_(?:uuid|guid)_/,
  personName:
    /_(?:name|first_name|last_name|firstname|lastname|surname|forename|given_name|family_name|full_name|fullname|maiden_name|middle_name|patient_name|customer_name)_/,
  address: /_(?:address|street|addr|address_line|address_line_1|street_address|home_address)_/,
};

/** A name header that is not about a person. */
export const NOT_PERSON_NAME =
  /_(?:product|company|file|host|brand|street|city|country|state|drug|item|business|org|organization|column|table|domain|display|screen|user|store|hospital|clinic|facility|bank|category|dept|department)_name_/;
/** An address header that is not a postal address. */
export const NOT_POSTAL_ADDRESS = /_(?:email|e_mail|ip|mac|web|url|remote|billing_email)_(?:address|addr)_/;

export const ID_HINT = /_(?:id|ids|identifier|key|number|no|num|nr|mrn|account|record|serial|uid|token|ref|reference|handle|username|login)_|_[a-z]+id_/;
export const SUBJECT_HINT =
  /_(?:patient|person|subject|customer|client|member|user|employee|student|participant|account|citizen)_?(?:id|number|no|nr|key)_|_mrn_/;
export const FREE_TEXT_HINT = /_(?:notes?|comments?|description|remarks?|free_text|text|message|memo|narrative|feedback|summary)_/;

interface NameRule {
  kind: FindingKind;
  re: RegExp;
}

export const BIRTH_DATE = /_(?:dob|birth|birthdate|birthday|born|date_of_birth|geburtsdatum|bday)_/;
export const AGE = /_(?:age|age_years|years_old|age_at_\w+)_/;

/** Quasi-identifiers by name (Sweeney 2002: birth date, sex and ZIP re-identify 87% of the US
 *  population; HIPAA Safe Harbor §164.514(b)(2) lists geography smaller than a state). */
export const QUASI_RULES: NameRule[] = [
  { kind: 'postalCode', re: /_(?:zip|zipcode|zip_code|zip5|postal|postcode|postal_code|plz|cap|cep)_/ },
  { kind: 'sex', re: /_(?:sex|gender)_/ },
  { kind: 'race', re: /_(?:race|ethnicity|ethnic|ethnic_group|ancestry)_/ },
  { kind: 'maritalStatus', re: /_(?:marital|married|marital_status|civil_status)_/ },
  {
    kind: 'geography',
    re: /_(?:city|county|state|country|province|region|town|municipality|district|native_country|nationality|birthplace|place_of_birth|neighborhood|neighbourhood)_/,
  },
  { kind: 'occupation', re: /_(?:occupation|job|profession|job_title|employer|industry)_/ },
  { kind: 'education', re: /_(?:education|degree|school|education_level|schooling|education_num)_/ },
  {
    kind: 'demographic',
    re: /_(?:workclass|work_class|relationship|language|household|household_size|children|dependents|employment|employment_status|veteran|veteran_status|citizenship|hours_per_week|weekly_hours|work_hours|working_hours|hours_worked)_/,
  },
];

/** Sensitive attributes by name (GDPR art. 9 special categories; HIPAA PHI; income). */
export const SENSITIVE_RULES: NameRule[] = [
  {
    kind: 'health',
    re: /_(?:diagnosis|diagnoses|icd|icd10|icd_10|condition|disease|medication|medications|drug|treatment|health|hiv|procedure|symptoms?|allergy|allergies|disability|pregnancy|pregnant|genetic|blood_type|mental_health|prescription)_/,
  },
  { kind: 'income', re: /_(?:income|salary|wage|wages|pay|earnings|compensation|salary_class|net_worth|credit_score)_/ },
  { kind: 'religion', re: /_(?:religion|religious|faith|denomination)_/ },
  { kind: 'sexualOrientation', re: /_(?:sexual_orientation|orientation|sexuality)_/ },
  { kind: 'political', re: /_(?:political|politics|party_affiliation|trade_union|union_membership)_/ },
  { kind: 'criminal', re: /_(?:criminal|criminal_record|conviction|convictions|offense|offence|arrests?)_/ },
];
