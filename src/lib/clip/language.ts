/**
 * Is this text (probably) Vietnamese? Vietnamese is written in Latin letters with many
 * diacritics, several of which (ă, ơ, ư, đ and letters with a dot below) no other common
 * language uses; two of the wider set of Vietnamese tone-marked vowels also count.
 */
const UNIQUE = /[ăắằẳẵặơớờởỡợưứừửữựđạẹịọụỵảẻỉỏủỷẫẩậẽễệỗộ]/iu;
const TONED = /[àáãèéìíòóõùúýâấầêếềôốồ]/giu;

export function looksVietnamese(text: string): boolean {
  const t = text.normalize('NFC');
  if (UNIQUE.test(t)) return true;
  return (t.match(TONED)?.length ?? 0) >= 2;
}
