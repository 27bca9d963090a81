/**
 * Is this text (probably) Vietnamese? A heuristic good enough to decide whether to translate:
 * - letters only Vietnamese uses (ă, ơ, ư, đ, dot-below and hook-above vowels…) decide at once;
 * - letters of other Latin languages (ç, ñ, ü, ï, œ…) rule it out;
 * - otherwise a toned vowel (à, é, ô…) in text made of short words (Vietnamese is written in
 *   syllables) counts, so "hoa vàng" is Vietnamese and "résumé" is not. A lone accented English
 *   loanword ("café") can be misread; the person can turn translation off in the settings.
 */
const UNIQUE = /[ăắằẳẵặơớờởỡợưứừửữựđạẹịọụỵảẻỉỏủỷẫẩậẽễệỗộĩũ]/iu;
const OTHER_LATIN = /[çëïüñœßîûÿäöåøæ]/iu;
const TONED = /[àáãèéìíòóõùúýâấầêếềôốồ]/iu;

export function looksVietnamese(text: string): boolean {
  const t = text.normalize('NFC').toLowerCase();
  if (UNIQUE.test(t)) return true;
  if (OTHER_LATIN.test(t) || !TONED.test(t)) return false;
  const words = t.split(/[^\p{L}]+/u).filter(Boolean);
  return words.length > 0 && words.every((w) => w.length <= 5);
}
