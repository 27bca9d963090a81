/**
 * What a result card says about a result that "verify matches" confirmed: the edits found
 * ("Same picture: cropped, mirrored"), and how many matching points support it.
 */
import type { Translate } from '../i18n/types.ts';
import type { TransformWord } from '../verify/classify.ts';

export interface VerifiedLabel {
  readonly words: readonly TransformWord[];
  readonly degrees: number;
  readonly inliers: number;
}

export function verifiedBadge(v: VerifiedLabel, t: Translate): { text: string; title: string } {
  // A small tilt reads better signed: −5°, not 355°.
  const degrees = Math.round(v.degrees > 180 ? v.degrees - 360 : v.degrees);
  const words = v.words.map((w) => t(`verify.word.${w}`, { degrees })).join(', ');
  return { text: t('verify.badge', { words }), title: t('verify.badgeTitle', { count: v.inliers }) };
}
