/**
 * `$text` search for the development store. A text index names fields with weights; a query is
 * words (any may match), quoted phrases (all must appear) and `-negated` words or phrases (none
 * may appear). Words are lowercased, stripped of diacritics, split on anything that is not a
 * letter or digit, English stop words dropped and plurals folded to their singular
 * ("policies" → "policy", "servers" → "server").
 *
 * Scoring (ours, not MongoDB's; tests must not compare exact scores across implementations):
 *   score = Σ over indexed fields f, Σ over distinct query words t found in f: weight(f) × (1 + ln tf)
 * where tf is how often t occurs in f. So a word in a heavily weighted field (a title) outranks the
 * same word in body text, and repetition helps with diminishing returns. 0 means no match.
 * MongoDB stems with Snowball (so "running" also finds "run"); this store does not.
 */
import type { Document } from 'bson';
import { valuesAtPath } from './bson-order';
import { CommandError } from './errors';

export interface TextIndexSpec {
  /** Field path → weight; `$**` weights every string field not named. */
  weights: Record<string, number>;
  /** `none` turns off stop words and stemming. */
  defaultLanguage: string;
}

export interface TextQuery {
  words: string[];
  phrases: string[];
  negatedWords: string[];
  negatedPhrases: string[];
  language: string;
}

// prettier-ignore
const STOP_WORDS = new Set([
  'a', 'about', 'above', 'after', 'again', 'against', 'all', 'am', 'an', 'and', 'any', 'are', 'as',
  'at', 'be', 'because', 'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by', 'can',
  'could', 'did', 'do', 'does', 'doing', 'down', 'during', 'each', 'few', 'for', 'from', 'further',
  'had', 'has', 'have', 'having', 'he', 'her', 'here', 'hers', 'herself', 'him', 'himself', 'his',
  'how', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'itself', 'me', 'more', 'most', 'my', 'myself',
  'no', 'nor', 'not', 'of', 'off', 'on', 'once', 'only', 'or', 'other', 'ought', 'our', 'ours',
  'ourselves', 'out', 'over', 'own', 'same', 'she', 'should', 'so', 'some', 'such', 'than', 'that',
  'the', 'their', 'theirs', 'them', 'themselves', 'then', 'there', 'these', 'they', 'this', 'those',
  'through', 'to', 'too', 'under', 'until', 'up', 'very', 'was', 'we', 'were', 'what', 'when',
  'where', 'which', 'while', 'who', 'whom', 'why', 'will', 'with', 'would', 'you', 'your', 'yours',
  'yourself', 'yourselves',
]);

/** Lowercase, without diacritics: the form phrases are compared in. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2018\u2019]/g, "'")
    .toLowerCase();
}

/** Folds an English plural (or possessive) to its singular. */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith("'s")) return word.slice(0, -2);
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (/(ss|us|is)$/.test(word)) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** The index terms of a text: normalised words, stop words dropped, plurals folded. */
export function tokenize(text: string, language = 'english'): string[] {
  const words = normalizeText(text)
    .split(/[^\p{L}\p{N}']+/u)
    .map((word) => word.replace(/^'+|'+$/g, ''))
    .filter(Boolean);
  if (language === 'none') return words;
  return words.filter((word) => !STOP_WORDS.has(word)).map(stem);
}

/** Parses `{ $search, $language }` as MongoDB does: words, "phrases", -negations. */
export function parseTextQuery(text: unknown): TextQuery {
  const spec = text as Document | null;
  if (!spec || typeof spec !== 'object' || typeof spec.$search !== 'string') {
    throw new CommandError('BadValue', '$search needs a String');
  }
  const language = typeof spec.$language === 'string' ? spec.$language : 'english';
  const query: TextQuery = {
    words: [],
    phrases: [],
    negatedWords: [],
    negatedPhrases: [],
    language,
  };
  const pattern = /(-?)"([^"]*)"|(-?)([^\s"]+)/g;
  for (const match of spec.$search.matchAll(pattern)) {
    if (match[2] !== undefined) {
      const phrase = normalizeText(match[2]).trim();
      if (!phrase) continue;
      (match[1] ? query.negatedPhrases : query.phrases).push(phrase);
      if (!match[1]) query.words.push(...tokenize(phrase, language));
    } else {
      (match[3] ? query.negatedWords : query.words).push(...tokenize(match[4], language));
    }
  }
  query.words = [...new Set(query.words)];
  return query;
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object' && !('_bsontype' in value) && !(value instanceof Date)) {
    return Object.values(value).flatMap(stringsIn);
  }
  return [];
}

/** Each weighted field's text in the document. */
function weightedTexts(document: Document, spec: TextIndexSpec): Array<[string, number]> {
  const texts: Array<[string, number]> = [];
  for (const [path, weight] of Object.entries(spec.weights)) {
    if (path === '$**') continue;
    const text = valuesAtPath(document, path).flatMap(stringsIn).join(' ');
    if (text) texts.push([text, weight]);
  }
  const wildcard = spec.weights['$**'];
  if (wildcard !== undefined) {
    const named = new Set(Object.keys(spec.weights));
    for (const [key, value] of Object.entries(document)) {
      if (!named.has(key)) texts.push([stringsIn(value).join(' '), wildcard]);
    }
  }
  return texts;
}

interface FieldTerms {
  normalized: string;
  weight: number;
  frequencies: Map<string, number>;
}

/**
 * Tokenised fields per stored document, so that repeated searches do not re-tokenise unchanged
 * documents. Stored documents are replaced, never mutated, so the cache cannot go stale.
 */
const fieldCache = new WeakMap<Document, Map<string, FieldTerms[]>>();

function fieldTerms(document: Document, spec: TextIndexSpec, language: string): FieldTerms[] {
  const cacheKey = `${language}:${JSON.stringify(spec.weights)}`;
  const cached = fieldCache.get(document)?.get(cacheKey);
  if (cached) return cached;
  const fields = weightedTexts(document, spec).map(([text, weight]) => {
    const frequencies = new Map<string, number>();
    for (const term of tokenize(text, language)) {
      frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
    }
    return { normalized: normalizeText(text), weight, frequencies };
  });
  const perDocument = fieldCache.get(document) ?? new Map<string, FieldTerms[]>();
  perDocument.set(cacheKey, fields);
  fieldCache.set(document, perDocument);
  return fields;
}

/** The document's score for the query, or 0 when it does not match. */
export function scoreDocument(document: Document, spec: TextIndexSpec, query: TextQuery): number {
  const fields = fieldTerms(document, spec, query.language ?? spec.defaultLanguage);
  const appears = (phrase: string) => fields.some((field) => field.normalized.includes(phrase));
  if (!query.phrases.every(appears) || query.negatedPhrases.some(appears)) return 0;
  if (fields.some((field) => query.negatedWords.some((word) => field.frequencies.has(word)))) {
    return 0;
  }

  let score = 0;
  for (const { weight, frequencies } of fields) {
    for (const word of query.words) {
      const frequency = frequencies.get(word) ?? 0;
      if (frequency > 0) score += weight * (1 + Math.log(frequency));
    }
  }
  return score;
}
