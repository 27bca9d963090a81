import type { Text } from '../../i18n/types.ts';

/** What the CLIP text tower made of a text query: its vector, and how the text was read. */
export interface TextQueryVector {
  readonly vector: Float32Array;
  /** what the text tower read: the text, or its English translation */
  readonly searchedText: string;
  /** set when the text was translated first */
  readonly translatedFrom?: string;
  /** the text was cut to the model's 77 tokens */
  readonly truncated: boolean;
  readonly tokens: number;
  readonly ms: number;
  /** why a translation was wanted but not done (model missing…); the text was used as typed */
  readonly translationSkipped?: Text;
}
