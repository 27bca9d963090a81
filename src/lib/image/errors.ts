/** Why an input could not become a raster. Every code maps to one sentence a person can act on. */
export type ImageErrorCode = 'empty' | 'not-an-image' | 'unsupported-format' | 'corrupt' | 'too-small' | 'too-large';

export class ImageError extends Error {
  constructor(
    readonly code: ImageErrorCode,
    message: string,
    readonly file?: string,
  ) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'ImageError';
  }
}

export function isImageError(e: unknown): e is ImageError {
  return e instanceof Error && e.name === 'ImageError' && 'code' in e;
}
