/** What the larger view shows of an image from one of the person's collections. */
export interface OwnImage {
  /** object URL: the full-size file when the folder can still be read, else the stored preview */
  readonly src: string;
  readonly fullSize: boolean;
  /** file name */
  readonly name: string;
  readonly path: string;
  readonly collection: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly format: string;
}
