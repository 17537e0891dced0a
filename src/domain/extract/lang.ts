/** Tiny stopword-count language guess (nl vs en). */
import type { Token } from './tokenize';

const NL = new Set('de het een en van in je jij wij we zijn is met voor op te dat die bij als ook naar om aan heb hebt ben wat wie ons onze jouw je deze door er niet of uit'.split(' '));
const EN = new Set('the a an and of in you we are is with for on to that this at as also your our what who be have has will from or by not'.split(' '));

export function detectLanguage(tokens: Token[], limit = 300): 'nl' | 'en' {
  let nl = 0;
  let en = 0;
  const n = Math.min(tokens.length, limit);
  for (let i = 0; i < n; i++) {
    const w = tokens[i].norm;
    if (NL.has(w)) nl++;
    if (EN.has(w)) en++;
  }
  return en > nl * 1.5 && en >= 3 ? 'en' : 'nl';
}
