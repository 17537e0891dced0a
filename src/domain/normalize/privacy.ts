/**
 * Strip personal data from description text: contact persons' names → "[contact]",
 * e-mail addresses → "[e-mail]", phone numbers (Dutch formats, +31 / 0031 / 0xx) → "[telefoon]".
 * Functions, departments and organisation names stay ("neem contact op met de afdeling HR" is kept).
 */
import { lookupEmployer } from './employer';

// bounded and anchored at the start of a run, so a 100k-letter word is linear, not quadratic
const EMAIL = /(?<![\p{L}\p{N}._%+'-])[\p{L}\p{N}._%+'-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,5}\.[a-z]{2,24}/giu;
const PHONE_CANDIDATE = /(?:\+|00)?\(?\d[\d\s().\-/]{7,18}\d/g;

function isPhone(raw: string): boolean {
  let d = raw.replace(/\D/g, '');
  if (raw.trim().startsWith('+') || raw.trim().startsWith('00')) {
    d = d.replace(/^00/, '');
    if (!d.startsWith('31')) return d.length >= 10 && d.length <= 13 && /[\s-]/.test(raw) === true && raw.trim().startsWith('+');
    d = `0${d.slice(2).replace(/^0/, '')}`;
  }
  if (/^0(800|900|90\d)\d{4,7}$/.test(d)) return true;
  if (d.length !== 10 || !d.startsWith('0') || d.startsWith('00')) return false;
  // reject date-like and amount-like strings
  if (/^\d{4}-\d{2}-\d{2}/.test(raw.trim()) || /\d{1,2}-\d{1,2}-\d{4}/.test(raw)) return false;
  return true;
}

export function stripPhones(text: string): string {
  return text.replace(PHONE_CANDIDATE, (m) => {
    const trail = /[\s().\-/]+$/.exec(m)?.[0] ?? '';
    const core = m.slice(0, m.length - trail.length);
    return isPhone(core) ? `[telefoon]${trail}` : m;
  });
}

const TUSSEN = "(?:van der|van den|van de|van 't|van|de|der|den|ter|ten|te|in 't|'t|op de|el|la|le|du|di)";
const NAMEWORD = "\\p{Lu}[\\p{Ll}'’-]+(?:-\\p{Lu}[\\p{Ll}'’]+)?";
const INITIALS = '(?:\\p{Lu}\\.\\s?){1,3}';
const NAME = `(?:(?:${INITIALS})|(?:${NAMEWORD}\\s+))(?:${TUSSEN}\\s+)?${NAMEWORD}(?:\\s+${NAMEWORD})?|${NAMEWORD}`;
const TRIGGER =
  '(?:contact\\s+(?:op)?\\s*(?:nemen\\s+)?met|contact\\s+opnemen\\s+met|bellen\\s+(?:met|naar)|mailen\\s+(?:met|naar)|bel(?:\\s+dan)?(?:\\s+(?:met|naar))?|mail(?:\\s+dan)?(?:\\s+(?:met|naar))?|contactpersoon\\s*:?|contactpersonen\\s*:?|informatie\\s+bij|terecht\\s+bij|wend\\s+je\\s+(?:dan\\s+)?tot|stel\\s+je\\s+vragen\\s+aan|vragen\\s+aan|contact\\s*:|vraag\\s+naar|reageren\\s+bij|sollicitatie\\s+(?:richten\\s+)?aan|t\\.a\\.v\\.|ter\\s+attentie\\s+van|neem\\s+contact\\s+op\\s+met|spreken\\s+met|recruiter\\s*:?|hr[- ]adviseur\\s*:?|teamleider\\s*:?|manager\\s*:?|leidinggevende\\s*:?)';
const TITLE = '((?:mevrouw|meneer|mevr\\.?|mw\\.?|dhr\\.?|de heer|drs\\.?|dr\\.?|ir\\.?|mr\\.?)\\s+)?';
/** Make the (lower-case) trigger/title alternatives match a capitalised first letter too ("Contactpersoon:", "Mevrouw"). */
function capitalisable(src: string): string {
  return src.replace(/(^|\(\?:|\|)([a-z])/g, (_m, pre: string, c: string) => `${pre}[${c}${c.toUpperCase()}]`);
}
const CONTACT_RE = new RegExp(`(${capitalisable(TRIGGER)}\\s+)${capitalisable(TITLE)}(${NAME})`, 'gu');

const NOT_NAMES = new Set([
  'Ons', 'Onze', 'De', 'Het', 'Een', 'HR', 'Recruitment', 'Afdeling', 'Team', 'Teamleider', 'Manager', 'Recruiter',
  'Zorgbemiddeling', 'Personeelszaken', 'Werving', 'Selectie', 'Vragen', 'Uw', 'Je', 'Jouw', 'Hem', 'Haar', 'Ons team',
  'Via', 'Bij', 'Telefoon', 'Telefonisch', 'Mail', 'Email', 'Whatsapp', 'WhatsApp', 'Linkedin', 'LinkedIn', 'Op', 'Met',
]);

/** Words that make a capitalised phrase an organisation or department, not a person ("Treant Recruitment"). */
const ORG_WORDS = /\b(Recruitment|Zorg|Zorggroep|Groep|Afdeling|Team|Bureau|Personeelszaken|Stichting|Ziekenhuis|Centrum|Praktijk|Services|Academie|Werving|Servicedesk|Klantenservice|Sollicitatiedesk)\b/u;

function looksLikeName(n: string, _text: string, titled = false): boolean {
  const first = n.split(/\s+/)[0].replace(/\.$/, '');
  if (ORG_WORDS.test(n) || lookupEmployer(n)) return false;
  if (titled) return true; // "mevrouw De Boer"
  if (NOT_NAMES.has(first) || NOT_NAMES.has(n)) return false;
  // Known organisation names in the same text as a capitalised single word ("contact op met Treant") are not persons
  if (!/\s/.test(n) && /^\p{Lu}{2,}$/u.test(n)) return false;
  return true;
}

export function stripContactNames(text: string): string {
  return text.replace(CONTACT_RE, (all, trig: string, title: string | undefined, name: string) =>
    looksLikeName(name.trim(), text, Boolean(title)) ? `${trig}[contact]` : all,
  );
}

function stripSecondNames(text: string): string {
  // "[contact] of Petra de Boer" → "[contact] of [contact]"
  const re = new RegExp(`\\[contact\\]((?:\\s*,\\s*\\p{Ll}[\\p{L} -]{2,40},)?\\s+(?:of|en)\\s+)${capitalisable(TITLE)}(${NAME})`, 'gu');
  return text.replace(re, (all, sep: string, title: string | undefined, name: string) =>
    looksLikeName(name, text, Boolean(title)) ? `[contact]${sep}[contact]` : all,
  );
}

export function stripPersonalData(text: unknown): string {
  if (typeof text !== 'string') return typeof text === 'number' ? String(text) : '';
  let t = text.replace(EMAIL, '[e-mail]');
  t = stripPhones(t);
  t = stripSecondNames(stripContactNames(t));
  return t;
}
