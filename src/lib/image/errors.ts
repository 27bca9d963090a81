import { aboutFile, MessageError } from '../messages/message-error.ts';
import { asText, type Sentence, type Text } from '../messages/sentence.ts';

/** Why an input could not become a raster. Every code maps to one sentence a person can act on. */
export type ImageErrorCode = 'empty' | 'not-an-image' | 'unsupported-format' | 'corrupt' | 'too-small' | 'too-large';

/** `text` names the file ("a.png: the file is empty (0 bytes)"); `reason` is the same without it. */
export class ImageError extends MessageError {
  readonly reason: Text;
  constructor(
    readonly code: ImageErrorCode,
    reason: Sentence,
    readonly file?: string,
  ) {
    super(file ? aboutFile(file, reason) : asText(reason));
    this.name = 'ImageError';
    this.reason = asText(reason);
  }
}

export function isImageError(e: unknown): e is ImageError {
  return e instanceof Error && e.name === 'ImageError' && 'code' in e;
}
