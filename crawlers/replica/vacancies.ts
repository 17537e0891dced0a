/**
 * Content of the offline demo replica: realistic Dutch zorg & welzijn vacancies in Groningen, Fryslân and
 * Drenthe, spread over four fictional "platforms" (a static job board, a JavaScript-rendered job board, a
 * Recruitee-style ATS feed and an XML vacancy feed). About a dozen vacancies appear on two platforms, with
 * rewritten text, other title formatting or via an intermediary, so deduplication has something to do.
 *
 * All employers, people and phone numbers are fictional. Dates are relative to `referenceDate` so the demo
 * output is deterministic.
 */
import { ROLES, type RoleTemplate } from './roles';

export type Platform = 'zorgbanen' | 'wizn' | 'ats' | 'xml';

export interface Place {
  city: string;
  /** Frisian / local name used in some texts. */
  alt?: string;
  postalCode: string;
  street: string;
  province: 'Groningen' | 'Fryslân' | 'Drenthe';
}

export const PLACES: Record<string, Place> = {
  leeuwarden: { city: 'Leeuwarden', alt: 'Ljouwert', postalCode: '8934 AD', street: 'Henri Dunantweg 12', province: 'Fryslân' },
  sneek: { city: 'Sneek', alt: 'Snits', postalCode: '8601 ZK', street: 'Bolswarderbaan 4', province: 'Fryslân' },
  joure: { city: 'Joure', alt: 'De Jouwer', postalCode: '8501 BK', street: 'Midstraat 88', province: 'Fryslân' },
  drachten: { city: 'Drachten', postalCode: '9203 ME', street: 'De Wissel 21', province: 'Fryslân' },
  heerenveen: { city: 'Heerenveen', alt: 'It Hearrenfean', postalCode: '8441 PW', street: 'Thialfweg 38', province: 'Fryslân' },
  dokkum: { city: 'Dokkum', postalCode: '9101 KV', street: 'Birdaarderstraatweg 7', province: 'Fryslân' },
  harlingen: { city: 'Harlingen', alt: 'Harns', postalCode: '8862 VR', street: 'Zuiderhaven 15', province: 'Fryslân' },
  wolvega: { city: 'Wolvega', postalCode: '8471 AB', street: 'Stationsstraat 30', province: 'Fryslân' },
  assen: { city: 'Assen', postalCode: '9401 RK', street: 'Europaweg-Zuid 1', province: 'Drenthe' },
  emmen: { city: 'Emmen', postalCode: '7824 AA', street: 'Boermarkeweg 60', province: 'Drenthe' },
  hoogeveen: { city: 'Hoogeveen', postalCode: '7909 AA', street: 'Dr. G.H. Amshoffweg 1', province: 'Drenthe' },
  meppel: { city: 'Meppel', postalCode: '7941 KN', street: 'Hoofdstraat 52', province: 'Drenthe' },
  beilen: { city: 'Beilen', postalCode: '9411 LR', street: 'Brinkstraat 9', province: 'Drenthe' },
  coevorden: { city: 'Coevorden', postalCode: '7741 JK', street: 'Friesestraat 18', province: 'Drenthe' },
  groningen: { city: 'Groningen', postalCode: '9713 GZ', street: 'Hanzeplein 1', province: 'Groningen' },
  groningenZuid: { city: 'Groningen', postalCode: '9728 NT', street: 'Van Ketwich Verschuurlaan 84', province: 'Groningen' },
  winschoten: { city: 'Winschoten', postalCode: '9675 AZ', street: 'Beertsterweg 14', province: 'Groningen' },
  delfzijl: { city: 'Delfzijl', postalCode: '9934 EA', street: 'Kustweg 3', province: 'Groningen' },
  stadskanaal: { city: 'Stadskanaal', postalCode: '9501 HE', street: 'Hoofdstraat 143', province: 'Groningen' },
  veendam: { city: 'Veendam', postalCode: '9641 AL', street: 'Julianastraat 20', province: 'Groningen' },
  hoogezand: { city: 'Hoogezand', postalCode: '9603 BT', street: 'Van Dedemstraat 2', province: 'Groningen' },
  appingedam: { city: 'Appingedam', postalCode: '9901 BA', street: 'Dijkstraat 25', province: 'Groningen' },
};

export interface Employer {
  name: string;
  about: string;
  site: string;
}

export const EMPLOYERS: Record<string, Employer> = {
  noorderlicht: {
    name: 'Zorggroep Het Noorderlicht',
    about: 'Zorggroep Het Noorderlicht biedt met 1.400 medewerkers en 900 vrijwilligers wonen, zorg en thuiszorg in Drenthe en Oost-Groningen.',
    site: 'werkenbijnoorderlicht.example',
  },
  wiedenhof: {
    name: 'Stichting Wiedenhof Zorg',
    about: 'Stichting Wiedenhof Zorg heeft twaalf woonzorgcentra en een thuiszorgorganisatie in Zuidwest-Fryslân. Wij werken kleinschalig en dicht bij huis.',
    site: 'wiedenhof.example',
  },
  lauwersland: {
    name: 'Ziekenhuis Lauwersland',
    about: 'Ziekenhuis Lauwersland is een topklinisch opleidingsziekenhuis met locaties in Leeuwarden en Dokkum.',
    site: 'werkenbijlauwersland.example',
  },
  hunzedal: {
    name: 'Hunzedal Ziekenhuis',
    about: 'Hunzedal Ziekenhuis levert basiszorg en acute zorg voor Zuidoost-Drenthe en de Veenkoloniën, met locaties in Emmen en Stadskanaal.',
    site: 'hunzedal.example',
  },
  waddenkust: {
    name: 'GGZ Waddenkust',
    about: 'GGZ Waddenkust biedt specialistische geestelijke gezondheidszorg in Noord-Groningen en Noordoost-Fryslân.',
    site: 'ggzwaddenkust.example',
  },
  esdoorn: {
    name: 'Stichting De Esdoorn',
    about: 'Stichting De Esdoorn ondersteunt ruim 1.000 mensen met een verstandelijke beperking in Drenthe, op woonlocaties, in dagbesteding en thuis.',
    site: 'de-esdoorn.example',
  },
  kolk: {
    name: 'De Kolk Zorg',
    about: 'De Kolk Zorg biedt wonen, dagbesteding en ambulante begeleiding aan mensen met een beperking in de provincie Groningen.',
    site: 'dekolkzorg.example',
  },
  pompebled: {
    name: 'Kinderopvang It Pompeblêd',
    about: 'Kinderopvang It Pompeblêd heeft tweetalige (Fries-Nederlandse) kinderdagverblijven en BSO\'s in Fryslân.',
    site: 'pompebled.example',
  },
  kindkompas: {
    name: 'KindKompas Kinderopvang',
    about: 'KindKompas verzorgt dagopvang, peuteropvang en BSO op 30 locaties in de stad en provincie Groningen.',
    site: 'kindkompas.example',
  },
  drentseAa: {
    name: 'Jeugdhulp Drentse Aa',
    about: 'Jeugdhulp Drentse Aa biedt ambulante en residentiële jeugdhulp in Drenthe.',
    site: 'jeugdhulpdrentseaa.example',
  },
  welzijnOost: {
    name: 'Welzijn Oost-Groningen',
    about: 'Welzijn Oost-Groningen is de organisatie voor sociaal werk en de wijkteams in Oldambt, Pekela en Veendam.',
    site: 'welzijnoostgroningen.example',
  },
  brink: {
    name: 'Gezondheidscentrum De Brink',
    about: 'Gezondheidscentrum De Brink in Assen huisvest vier huisartsen, een apotheek, fysiotherapie en de POH-GGZ.',
    site: 'gcdebrink.example',
  },
  itSpan: {
    name: 'Thuiszorg It Span',
    about: 'Thuiszorg It Span levert wijkverpleging en huishoudelijke hulp in de Friese Wouden en rondom Drachten.',
    site: 'itspan.example',
  },
};

export const INTERMEDIARY = 'Zorgwerk Detachering';

export interface ReplicaVacancy {
  /** Stable id within the replica, also used as external id on the platform. */
  id: string;
  platform: Platform;
  slug: string;
  title: string;
  role: string;
  branch: string;
  /** Name as shown on the platform (the intermediary for detachering postings). */
  employerName: string;
  /** The organisation the work is for. */
  realEmployer: string;
  place: Place;
  hoursMin: number;
  hoursMax: number;
  hoursText: string;
  salaryMin: number;
  salaryMax: number;
  salaryText: string;
  scale: string;
  cao: string;
  education: string;
  employmentType: 'FULL_TIME' | 'PART_TIME';
  contract: 'vast' | 'tijdelijk';
  datePosted: string;
  validThrough: string;
  /** Section headings + bullet lists as HTML (what a job board shows). */
  descriptionHtml: string;
  /** id of the vacancy this is a cross-posting of (same job on another platform). */
  duplicateOf: string | null;
}

interface Spec {
  id: string;
  role: keyof typeof ROLES;
  t?: number;
  emp: keyof typeof EMPLOYERS;
  at: keyof typeof PLACES;
  h: [number, number];
  s: [number, number];
  days: number;
  p: Platform;
  contract?: 'vast' | 'tijdelijk';
  contact?: string;
}

// prettier-ignore
const SPECS: Spec[] = [
  // Zorgbanen Noord (static job board with JSON-LD)
  { id: 'zb-01', role: 'verpleegkundigeZkh', t: 0, emp: 'lauwersland', at: 'leeuwarden', h: [28, 36], s: [3346, 4790], days: 3, p: 'zorgbanen', contact: 'Vragen? Bel Marieke de Vries, teamleider, via 06-12345678.' },
  { id: 'zb-02', role: 'verpleegkundigeZkh', t: 1, emp: 'lauwersland', at: 'dokkum', h: [24, 32], s: [3346, 4790], days: 9, p: 'zorgbanen' },
  { id: 'zb-03', role: 'verpleegkundigeZkh', t: 3, emp: 'hunzedal', at: 'emmen', h: [32, 36], s: [3346, 4790], days: 15, p: 'zorgbanen', contact: 'Meer weten? Neem contact op met Jan Hoekstra (unitmanager) via 0591-123456 of j.hoekstra@hunzedal.example.' },
  { id: 'zb-04', role: 'begeleiderGhz', t: 0, emp: 'esdoorn', at: 'assen', h: [24, 32], s: [2803, 3943], days: 5, p: 'zorgbanen' },
  { id: 'zb-05', role: 'begeleiderGhz', t: 2, emp: 'esdoorn', at: 'beilen', h: [20, 28], s: [2803, 3943], days: 33, p: 'zorgbanen', contact: 'Vragen? Bel Anouk Smit via 06-23456789.' },
  { id: 'zb-06', role: 'begeleiderGhz', t: 1, emp: 'kolk', at: 'winschoten', h: [28, 32], s: [2803, 3943], days: 47, p: 'zorgbanen' },
  { id: 'zb-07', role: 'pedagogischMedewerker', t: 0, emp: 'kindkompas', at: 'groningenZuid', h: [16, 24], s: [2641, 3630], days: 2, p: 'zorgbanen' },
  { id: 'zb-08', role: 'pedagogischMedewerker', t: 1, emp: 'pompebled', at: 'heerenveen', h: [12, 20], s: [2641, 3630], days: 61, p: 'zorgbanen' },
  { id: 'zb-09', role: 'gzPsycholoog', t: 0, emp: 'waddenkust', at: 'delfzijl', h: [28, 36], s: [4852, 6902], days: 21, p: 'zorgbanen', contact: 'Voor vragen kun je bellen met Pieter Bakker, manager behandelzaken: 06-34567890.' },
  { id: 'zb-10', role: 'doktersassistent', t: 0, emp: 'brink', at: 'assen', h: [20, 24], s: [2580, 3531], days: 12, p: 'zorgbanen' },
  { id: 'zb-11', role: 'jeugdzorg', t: 1, emp: 'drentseAa', at: 'hoogeveen', h: [32, 36], s: [3337, 4693], days: 75, p: 'zorgbanen' },
  { id: 'zb-12', role: 'sociaalWerker', t: 1, emp: 'welzijnOost', at: 'winschoten', h: [28, 32], s: [3337, 4693], days: 26, p: 'zorgbanen' },
  { id: 'zb-13', role: 'verpleegkundigeGgz', t: 2, emp: 'waddenkust', at: 'appingedam', h: [32, 36], s: [3548, 5122], days: 40, p: 'zorgbanen' },
  { id: 'zb-14', role: 'wijkverpleegkundige', t: 0, emp: 'itSpan', at: 'drachten', h: [24, 32], s: [3548, 5122], days: 7, p: 'zorgbanen', contact: 'Bel voor meer informatie met Sietske Dijkstra via 06-45678901.' },
  { id: 'zb-15', role: 'helpende', t: 2, emp: 'itSpan', at: 'drachten', h: [12, 20], s: [2277, 2895], days: 89, p: 'zorgbanen' },
  { id: 'zb-16', role: 'verpleegkundigeZkh', t: 2, emp: 'hunzedal', at: 'stadskanaal', h: [24, 36], s: [3346, 4790], days: 54, p: 'zorgbanen' },
  { id: 'zb-17', role: 'facilitair', t: 1, emp: 'kolk', at: 'veendam', h: [16, 24], s: [2236, 2590], days: 103, p: 'zorgbanen' },
  { id: 'zb-18', role: 'doktersassistent', t: 2, emp: 'brink', at: 'assen', h: [24, 32], s: [2580, 3531], days: 96, p: 'zorgbanen' },
  // Werken in de Zorg Noord (JavaScript-rendered job board)
  { id: 'wz-01', role: 'vigVvt', t: 0, emp: 'itSpan', at: 'drachten', h: [24, 32], s: [2669, 3658], days: 4, p: 'wizn' },
  { id: 'wz-02', role: 'verpleegkundigeGgz', t: 0, emp: 'waddenkust', at: 'groningen', h: [32, 36], s: [3548, 5122], days: 11, p: 'wizn', contact: 'Vragen? Mail of bel Lisa Meijer via l.meijer@ggzwaddenkust.example of 050-1234567.' },
  { id: 'wz-03', role: 'gzPsycholoog', t: 2, emp: 'waddenkust', at: 'groningen', h: [24, 32], s: [4852, 6902], days: 37, p: 'wizn' },
  { id: 'wz-04', role: 'pedagogischMedewerker', t: 2, emp: 'kindkompas', at: 'hoogezand', h: [20, 28], s: [2641, 3630], days: 19, p: 'wizn' },
  { id: 'wz-05', role: 'pedagogischMedewerker', t: 1, emp: 'pompebled', at: 'sneek', h: [12, 16], s: [2641, 3630], days: 68, p: 'wizn' },
  { id: 'wz-06', role: 'jeugdzorg', t: 0, emp: 'drentseAa', at: 'assen', h: [28, 36], s: [3337, 4693], days: 29, p: 'wizn' },
  { id: 'wz-07', role: 'sociaalWerker', t: 0, emp: 'welzijnOost', at: 'veendam', h: [24, 32], s: [3337, 4693], days: 44, p: 'wizn', contact: 'Wil je eerst kennismaken? Bel Erik Jansen via 06-56789012.' },
  { id: 'wz-08', role: 'begeleiderGhz', t: 1, emp: 'kolk', at: 'groningenZuid', h: [24, 32], s: [2803, 3943], days: 13, p: 'wizn' },
  { id: 'wz-09', role: 'wijkverpleegkundige', t: 2, emp: 'itSpan', at: 'heerenveen', h: [28, 36], s: [3548, 5122], days: 58, p: 'wizn' },
  { id: 'wz-10', role: 'helpende', t: 0, emp: 'kolk', at: 'stadskanaal', h: [16, 24], s: [2277, 2895], days: 82, p: 'wizn' },
  { id: 'wz-11', role: 'verpleegkundigeZkh', t: 0, emp: 'lauwersland', at: 'leeuwarden', h: [32, 36], s: [3346, 4790], days: 110, p: 'wizn' },
  { id: 'wz-12', role: 'facilitair', t: 2, emp: 'esdoorn', at: 'coevorden', h: [12, 20], s: [2236, 2590], days: 6, p: 'wizn' },
  // Zorggroep Het Noorderlicht (Recruitee-style ATS)
  { id: 'nl-01', role: 'vigVvt', t: 1, emp: 'noorderlicht', at: 'emmen', h: [24, 32], s: [2669, 3658], days: 1, p: 'ats', contact: 'Vragen over deze vacature? Bel Marieke de Vries via 06-12345678.' },
  { id: 'nl-02', role: 'wijkverpleegkundige', t: 1, emp: 'noorderlicht', at: 'hoogeveen', h: [28, 36], s: [3548, 5122], days: 10, p: 'ats' },
  { id: 'nl-03', role: 'helpende', t: 1, emp: 'noorderlicht', at: 'stadskanaal', h: [16, 24], s: [2277, 2895], days: 23, p: 'ats' },
  { id: 'nl-04', role: 'vigVvt', t: 2, emp: 'noorderlicht', at: 'winschoten', h: [20, 28], s: [2669, 3658], days: 35, p: 'ats' },
  { id: 'nl-05', role: 'facilitair', t: 0, emp: 'noorderlicht', at: 'emmen', h: [16, 24], s: [2236, 2590], days: 50, p: 'ats' },
  { id: 'nl-06', role: 'vigVvt', t: 0, emp: 'noorderlicht', at: 'meppel', h: [24, 32], s: [2669, 3658], days: 72, p: 'ats', contract: 'vast' },
  { id: 'nl-07', role: 'wijkverpleegkundige', t: 0, emp: 'noorderlicht', at: 'assen', h: [32, 36], s: [3548, 5122], days: 99, p: 'ats' },
  // Stichting Wiedenhof Zorg (XML vacancy feed)
  { id: 'wh-01', role: 'vigVvt', t: 0, emp: 'wiedenhof', at: 'sneek', h: [24, 32], s: [2669, 3658], days: 8, p: 'xml', contact: 'Vragen? Bel Wytske Postma via 06-67890123.' },
  { id: 'wh-02', role: 'helpende', t: 0, emp: 'wiedenhof', at: 'joure', h: [12, 20], s: [2277, 2895], days: 17, p: 'xml' },
  { id: 'wh-03', role: 'wijkverpleegkundige', t: 0, emp: 'wiedenhof', at: 'wolvega', h: [24, 32], s: [3548, 5122], days: 31, p: 'xml' },
  { id: 'wh-04', role: 'vigVvt', t: 2, emp: 'wiedenhof', at: 'harlingen', h: [28, 32], s: [2669, 3658], days: 64, p: 'xml' },
  { id: 'wh-05', role: 'facilitair', t: 1, emp: 'wiedenhof', at: 'sneek', h: [12, 16], s: [2236, 2590], days: 92, p: 'xml' },
];

/** Cross-postings: the same job on another platform, rewritten. */
interface DupSpec {
  id: string;
  of: string;
  p: Platform;
  style: 'plain' | 'hours-in-title' | 'mv' | 'place-in-title' | 'intermediary';
  /** Days later than the original appears on this platform. */
  lag: number;
}

// prettier-ignore
const DUPS: DupSpec[] = [
  { id: 'zb-20', of: 'nl-01', p: 'zorgbanen', style: 'place-in-title', lag: 2 },
  { id: 'zb-21', of: 'nl-02', p: 'zorgbanen', style: 'mv', lag: 5 },
  { id: 'zb-22', of: 'nl-04', p: 'zorgbanen', style: 'intermediary', lag: 6 },
  { id: 'zb-23', of: 'wh-01', p: 'zorgbanen', style: 'hours-in-title', lag: 3 },
  { id: 'zb-24', of: 'wz-01', p: 'zorgbanen', style: 'mv', lag: 1 },
  { id: 'zb-25', of: 'wz-06', p: 'zorgbanen', style: 'plain', lag: 4 },
  { id: 'wz-20', of: 'zb-01', p: 'wizn', style: 'hours-in-title', lag: 1 },
  { id: 'wz-21', of: 'zb-04', p: 'wizn', style: 'place-in-title', lag: 2 },
  { id: 'wz-22', of: 'zb-09', p: 'wizn', style: 'intermediary', lag: 8 },
  { id: 'wz-23', of: 'wh-03', p: 'wizn', style: 'mv', lag: 3 },
  { id: 'wz-24', of: 'zb-14', p: 'wizn', style: 'intermediary', lag: 4 },
  { id: 'wz-25', of: 'nl-06', p: 'wizn', style: 'plain', lag: 2 },
  { id: 'wz-26', of: 'zb-10', p: 'wizn', style: 'place-in-title', lag: 5 },
];

const lowerFirst = (s: string) => (/^[A-Z]{2}/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1));
const euro = (n: number) => '€ ' + n.toLocaleString('nl-NL');
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function slugify(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function isoDay(ref: Date, daysAgo: number): string {
  return new Date(ref.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

const HEADINGS: Record<'standard' | 'alt', [string, string, string, string]> = {
  standard: ['Wat ga je doen?', 'Wat vragen wij?', 'Wat bieden wij?', 'Over ons'],
  alt: ['Jouw werkzaamheden', 'Wie ben jij?', 'Wat krijg je van ons?', 'Over de organisatie'],
};

function rotate<T>(a: T[], k: number): T[] {
  const n = a.length;
  const r = ((k % n) + n) % n;
  return [...a.slice(r), ...a.slice(0, r)];
}

interface Built {
  role: RoleTemplate;
  emp: Employer;
  place: Place;
}

function descriptionHtml(
  b: Built,
  v: { hours: string; salaryText: string; contract: string; contact?: string },
  opts: { headings: 'standard' | 'alt'; intro?: string; rotateBy?: number; useAltPlace?: boolean },
): string {
  const [h1, h2, h3, h4] = HEADINGS[opts.headings];
  const placeName = opts.useAltPlace && b.place.alt ? `${b.place.alt} (${b.place.city})` : b.place.city;
  const intro = opts.intro ?? `${b.role.intro} Voor onze locatie in ${placeName} zoeken wij een collega voor ${v.hours}.`;
  const li = (xs: string[]) => `<ul>${xs.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`;
  const aanbod = [
    `Een salaris van ${v.salaryText} (${b.role.scale}, ${b.role.cao})`,
    `Een ${v.contract === 'vast' ? 'vast contract' : 'jaarcontract met uitzicht op vast'} voor ${v.hours}`,
    ...b.role.aanbod,
  ];
  const parts = [
    `<p>${esc(intro)}</p>`,
    `<h2>${h1}</h2>`,
    li(rotate(b.role.taken, opts.rotateBy ?? 0)),
    `<h2>${h2}</h2>`,
    li(b.role.eisen),
    `<h2>${h3}</h2>`,
    li(aanbod),
    `<h2>${h4}</h2>`,
    `<p>${esc(b.emp.about)}</p>`,
  ];
  if (v.contact) parts.push(`<p>${esc(v.contact)}</p>`);
  return parts.join('\n');
}

export interface BuildOptions {
  /** Reference "today" for datePosted (default 2026-11-01). */
  referenceDate?: Date;
}

export const DEFAULT_REFERENCE_DATE = new Date('2026-11-01T00:00:00Z');

/** All replica vacancies (base + cross-postings), deterministic for a given reference date. */
export function buildVacancies(opts: BuildOptions = {}): ReplicaVacancy[] {
  const ref = opts.referenceDate ?? DEFAULT_REFERENCE_DATE;
  const byId = new Map<string, ReplicaVacancy>();
  const out: ReplicaVacancy[] = [];
  for (const s of SPECS) {
    const role = ROLES[s.role];
    const emp = EMPLOYERS[s.emp];
    const place = PLACES[s.at];
    const title = role.titles[s.t ?? 0];
    const hoursText = s.h[0] === s.h[1] ? `${s.h[0]} uur per week` : `${s.h[0]}-${s.h[1]} uur per week`;
    const salaryText = `${euro(s.s[0])} - ${euro(s.s[1])} bruto per maand`;
    const contract = s.contract ?? (s.id.charCodeAt(s.id.length - 1) % 3 === 0 ? 'vast' : 'tijdelijk');
    const headings = s.p === 'wizn' ? 'alt' : 'standard';
    const v: ReplicaVacancy = {
      id: s.id,
      platform: s.p,
      slug: `${slugify(title)}-${slugify(place.city)}-${s.id}`,
      title,
      role: s.role,
      branch: role.branch,
      employerName: emp.name,
      realEmployer: emp.name,
      place,
      hoursMin: s.h[0],
      hoursMax: s.h[1],
      hoursText,
      salaryMin: s.s[0],
      salaryMax: s.s[1],
      salaryText,
      scale: role.scale,
      cao: role.cao,
      education: role.education,
      employmentType: s.h[1] >= 36 && s.h[0] >= 32 ? 'FULL_TIME' : 'PART_TIME',
      contract,
      datePosted: isoDay(ref, s.days),
      validThrough: isoDay(ref, s.days - 42),
      descriptionHtml: descriptionHtml({ role, emp, place }, { hours: hoursText, salaryText, contract, contact: s.contact }, { headings, useAltPlace: place.province === 'Fryslân' && s.p === 'xml' }),
      duplicateOf: null,
    };
    byId.set(s.id, v);
    out.push(v);
  }
  for (const d of DUPS) {
    const o = byId.get(d.of);
    if (!o) throw new Error(`replica: duplicate ${d.id} refers to unknown ${d.of}`);
    const spec = SPECS.find((s) => s.id === d.of)!;
    const role = ROLES[spec.role];
    const emp = EMPLOYERS[spec.emp];
    let title = o.title;
    let employerName = o.employerName;
    let intro: string | undefined;
    const placeName = o.place.alt && d.p === 'zorgbanen' && d.lag % 2 === 0 ? o.place.alt : o.place.city;
    switch (d.style) {
      case 'hours-in-title':
        title = `${o.title} | ${o.hoursMin}-${o.hoursMax} uur`;
        intro = `${emp.name} zoekt in ${placeName} een ${lowerFirst(o.title)} (${o.hoursText}). ${role.intro}`;
        break;
      case 'mv':
        title = `${o.title} (m/v/x)`;
        intro = `Word jij onze nieuwe ${lowerFirst(o.title)} in ${placeName}? ${role.intro}`;
        break;
      case 'place-in-title':
        title = `${o.title} – ${placeName}`;
        intro = `${role.intro} Kom werken bij ${emp.name} in ${placeName}!`;
        break;
      case 'intermediary':
        title = `${o.title} (detachering)`;
        employerName = INTERMEDIARY;
        intro = `Voor onze opdrachtgever ${emp.name} in ${placeName} zoeken wij een ${lowerFirst(o.title)}. ${INTERMEDIARY} is specialist in detachering in de zorg in Noord-Nederland. ${role.intro}`;
        break;
      default:
        intro = `${role.intro} Standplaats: ${placeName}.`;
    }
    const contact = d.style === 'intermediary' ? 'Interesse? Bel onze recruiter Femke Visser via 06-78901234.' : SPECS.find((s) => s.id === d.of)?.contact;
    out.push({
      ...o,
      id: d.id,
      platform: d.p,
      slug: `${slugify(title)}-${d.id}`,
      title,
      employerName,
      datePosted: isoDay(ref, Math.max(0, (SPECS.find((s) => s.id === d.of)!.days) - d.lag)),
      descriptionHtml: descriptionHtml(
        { role, emp, place: o.place },
        { hours: o.hoursText, salaryText: o.salaryText, contract: o.contract, contact },
        { headings: d.p === 'wizn' ? 'alt' : 'standard', intro, rotateBy: d.lag },
      ),
      duplicateOf: d.of,
    });
  }
  return out;
}

/** Synthetic extra vacancies for benchmarks: copies of base vacancies with unique ids/slugs. */
export function benchVacancies(count: number, platform: Platform, opts: BuildOptions = {}): ReplicaVacancy[] {
  const base = buildVacancies(opts).filter((v) => v.duplicateOf === null);
  const out: ReplicaVacancy[] = [];
  for (let i = 0; i < count; i++) {
    const b = base[i % base.length];
    const id = `${platform === 'wizn' ? 'bw' : 'bz'}-${String(i + 1).padStart(4, '0')}`;
    out.push({ ...b, id, platform, slug: `${b.slug}-${id}`, duplicateOf: null });
  }
  return out;
}
