export { tokenize, fold, foldText, type Token } from './tokenize';
export { splitSections, sectionAt, classifyHeading, type Section, type SectionKind } from './sections';
export { DictionaryMatcher, damerau1, dutchStem, englishStem, type RawMatch } from './matcher';
export {
  loadTaxonomies,
  compileTaxonomies,
  TAXONOMY_VERSION,
  readAccepted,
  mergeAccepted,
  resetTaxonomyCache,
  ACCEPTED_FILE,
  type Taxonomies,
  type Concept,
  type Manifest,
  type AcceptedEntry,
} from './taxonomy';
export { extractSkills, SKILL_SECTIONS, METHOD_SCORE, type SkillInput } from './skills';
export { classifyFunction } from './functions';
export { candidatePhrases, recurringCandidates } from './candidates';
export { detectLanguage } from './lang';
