/**
 * Branch: the employer register first (employer or the real employer behind an intermediary),
 * then text signals in title + description, else "overig".
 * Text signals are scored (title hits count triple) so a ggz posting that mentions "ziekenhuis" once
 * in passing still lands in ggz.
 */
import type { Branch } from '../types';
import type { EmployerRef } from './reference';
import { fold } from './text';

const SIGNALS: Array<[Branch, RegExp]> = [
  ['kinderopvang', /\b(kinderopvang|kinderdagverblijf|kdv|bso|buitenschoolse opvang|peuterspeelzaal|peuteropvang|gastouder|pedagogisch medewerker kinderopvang)\b/g],
  ['huisartsen', /\b(huisartsenpraktijk|huisartsenpost|huisartspraktijk|doktersassistent(e)?|praktijkondersteuner|poh[- ]?(s|ggz)?|huisarts(en)?|gezondheidscentrum)\b/g],
  ['jeugdzorg', /\b(jeugdhulp|jeugdzorg|jeugdbescherming|gezinshuis|pleegzorg|jeugd- en gezinsprofessional|jeugdzorgwerker|residentiele jeugdzorg|gesloten jeugdzorg|jeugdreclassering)\b/g],
  ['ggz', /\b(ggz|psychiatrie|psychiatrisch(e)?|psychiater|gz-psycholoog|psycholoog|verslavingszorg|fact[- ]team|ambulante ggz|klinische psychiatrie|sociaal psychiatrisch|basis ggz)\b/g],
  ['gehandicaptenzorg', /\b(verstandelijke beperking|verstandelijk beperkt(e)?|lichamelijke beperking|gehandicaptenzorg|meervoudige beperking|lvb|ernstig meervoudig|begeleider gehandicaptenzorg|dagbesteding|woonvoorziening|persoonlijk begeleider)\b/g],
  ['ziekenhuizen', /\b(ziekenhuis|polikliniek|umc|academisch ziekenhuis|spoedeisende hulp|seh|operatiekamer|ok[- ]assistent|intensive care|verpleegafdeling|cardiologie|oncologie|anesthesie|klinisch)\b/g],
  ['vvt', /\b(verpleeghuis|verpleeghuizen|thuiszorg|wijkverpleging|wijkverpleegkundige|ouderenzorg|zorgcentrum|woonzorgcentrum|verzorgingshuis|psychogeriatrie|psychogeriatrische|dementie|verzorgende ig|vvt|somatiek|kleinschalig wonen|revalidatie ?centrum|geriatrische revalidatie)\b/g],
  ['sociaal-werk', /\b(sociaal werk(er)?|wijkteam|welzijnswerk|welzijn|opbouwwerk(er)?|jongerenwerk(er)?|maatschappelijk werk(er)?|buurtcoach|sociaal team|schuldhulpverlening|mantelzorgondersteuning|buurtwerk)\b/g],
];

export function branchFromText(title: string, description: string): Branch {
  const t = fold(title.slice(0, 500));
  const d = fold(description.slice(0, 50_000));
  let best: Branch = 'overig';
  let bestScore = 0;
  for (const [b, re] of SIGNALS) {
    const inTitle = t.match(re)?.length ?? 0;
    const inDesc = d.match(re)?.length ?? 0;
    const score = inTitle * 3 + Math.min(inDesc, 6);
    if (score > bestScore) {
      bestScore = score;
      best = b;
    }
  }
  return best;
}

export function determineBranch(register: EmployerRef | null, title: unknown, description: unknown): Branch {
  if (register && register.branch !== 'overig') return register.branch;
  const b = branchFromText(typeof title === 'string' ? title : '', typeof description === 'string' ? description : '');
  if (b === 'overig' && register) return register.branch;
  return b;
}
