/**
 * The little query language of the text box (pure): plain words are searched together as one
 * phrase, as typed; `-word` or `-"some phrase"` pushes away what it names; `2:word` or
 * `0.5:"some phrase"` weighs a term. Anything else — a lone "-", "x:y", a hyphen inside a word,
 * an unclosed quote — is plain text, never an error. The text vector is then
 * normalize(Σ wᵢ·textᵢ − Σ vⱼ·textⱼ) (combineTextTerms), before α mixes in the images.
 */

import { normalize } from '../engines/clip/query.ts';
import type { TextQueryVector } from '../engines/clip/text-query.ts';

export interface TextTerm {
  /** what the text tower reads */
  readonly text: string;
  /** how much it counts, > 0 */
  readonly weight: number;
  /** pushed away rather than looked for */
  readonly negative: boolean;
}

/** Weights outside (0, MAX_WEIGHT] are read as plain text. */
export const MAX_WEIGHT = 10;

/** One piece of the input: a word or a quoted phrase, with the prefix before it. */
interface Piece {
  readonly raw: string;
  readonly sign: '-' | '';
  readonly weight?: number;
  readonly body: string;
  readonly quoted: boolean;
}

// -?  (weight:)?  ("phrase" | “phrase” | word) — phones type curly quotes
const PIECE = /(-?)(?:(\d+(?:\.\d+)?|\.\d+):)?(?:"([^"]*)"|“([^”]*)”|(\S+))/y;

function pieces(input: string): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  while (at < input.length) {
    if (/\s/.test(input[at])) {
      at++;
      continue;
    }
    PIECE.lastIndex = at;
    const m = PIECE.exec(input);
    if (!m) break; // unreachable: \S+ always matches a non-space
    const [raw, sign, weight, straight, curly, word] = m;
    const phrase = straight ?? curly;
    out.push({ raw, sign: sign as Piece['sign'], ...(weight === undefined ? {} : { weight: Number(weight) }), body: phrase ?? word, quoted: phrase !== undefined });
    at += raw.length;
  }
  return out;
}

/** Whether a piece uses the syntax (and uses it well); otherwise it is a plain word. */
function isTerm(p: Piece): boolean {
  const body = p.body.trim();
  if (!body || (!p.quoted && body.startsWith('-'))) return false; // "--x", "2:-x": not ours
  if (p.weight !== undefined && !(p.weight > 0 && p.weight <= MAX_WEIGHT)) return false;
  if (p.sign === '-' && !p.quoted && /^[\d.,]+$/.test(body)) return false; // "-5" is a number
  return p.sign === '-' || p.weight !== undefined || p.quoted;
}

/**
 * The terms of a text query. A text without syntax is one positive term, the text itself; plain
 * words around terms are kept together, in order, as one phrase of weight 1.
 */
export function parseTextTerms(input: string): TextTerm[] {
  const text = input.trim();
  if (!text) return [];
  const all = pieces(text);
  if (!all.some(isTerm)) return [{ text, weight: 1, negative: false }];
  const plain: string[] = [];
  const terms: TextTerm[] = [];
  for (const p of all) {
    if (!isTerm(p)) {
      plain.push(p.raw);
      continue;
    }
    terms.push({ text: p.body.trim().replace(/\s+/g, ' '), weight: p.weight ?? 1, negative: p.sign === '-' });
  }
  return plain.length ? [{ text: plain.join(' '), weight: 1, negative: false }, ...terms] : terms;
}

/** True when the text is searched as typed (no terms of the language). */
export const isPlainText = (terms: readonly TextTerm[], text: string): boolean =>
  terms.length === 1 && !terms[0].negative && terms[0].weight === 1 && terms[0].text === text.trim();

/** The query text back in the language's syntax, e.g. for the status line: `beach -people 2:"red car"`. */
export function formatTextTerms(terms: readonly TextTerm[]): string {
  return terms
    .map((t) => {
      const body = /\s/.test(t.text) && (t.negative || t.weight !== 1) ? `"${t.text}"` : t.text;
      return `${t.negative ? '-' : ''}${t.weight !== 1 ? `${t.weight}:` : ''}${body}`;
    })
    .join(' ');
}

/**
 * normalize(Σ wᵢ·tᵢ − Σ vⱼ·tⱼ) over unit-length term vectors (each normalised first, so a
 * weight means what it says whatever the text tower's output length). All-zero (a term
 * cancelled out) gives the zero vector; the caller decides what that searches.
 */
export function combineTextTerms(terms: readonly { readonly vector: Float32Array; readonly weight: number; readonly negative: boolean }[]): Float32Array {
  if (!terms.length) throw new RangeError('no text terms to combine');
  const dim = terms[0].vector.length;
  const sum = new Float32Array(dim);
  for (const t of terms) {
    if (t.vector.length !== dim) throw new RangeError(`text vectors of ${t.vector.length} and ${dim} dims cannot be combined`);
    const unit = normalize(t.vector);
    const w = t.negative ? -t.weight : t.weight;
    for (let i = 0; i < dim; i++) sum[i] += w * unit[i];
  }
  return normalize(sum);
}

/**
 * A text query's vector: the text tower's for a plain text; for a text in the language, each
 * term encoded (and translated) on its own, then combined. `searchedText` shows what was read,
 * in the same syntax, and `translatedFrom` keeps the text as typed when a term was translated.
 */
export async function encodeTextQuery(text: string, embed: (text: string) => Promise<TextQueryVector>): Promise<TextQueryVector> {
  const terms = parseTextTerms(text);
  if (!terms.length || isPlainText(terms, text)) return embed(text.trim());
  const encoded: TextQueryVector[] = [];
  for (const t of terms) encoded.push(await embed(t.text)); // one at a time: the model runs one anyway
  const translated = encoded.some((e) => e.translatedFrom !== undefined);
  const skipped = encoded.find((e) => e.translationSkipped)?.translationSkipped;
  return {
    vector: combineTextTerms(terms.map((t, i) => ({ vector: encoded[i].vector, weight: t.weight, negative: t.negative }))),
    searchedText: translated ? formatTextTerms(terms.map((t, i) => ({ ...t, text: encoded[i].searchedText }))) : text.trim(),
    ...(translated ? { translatedFrom: text.trim() } : {}),
    truncated: encoded.some((e) => e.truncated),
    tokens: encoded.reduce((n, e) => n + e.tokens, 0),
    ms: encoded.reduce((n, e) => n + e.ms, 0),
    ...(skipped ? { translationSkipped: skipped } : {}),
  };
}
