/** How many images one query may hold, and which of some newly given files fit. Pure. */
export const MAX_QUERY_IMAGES = 5;

export interface Admission<T> {
  /** the files taken, in the order given */
  readonly accepted: readonly T[];
  /** the files refused because the query is full */
  readonly refused: readonly T[];
}

/** `used`: images already in the query plus those still being read. */
export function admit<T>(files: readonly T[], used: number, max = MAX_QUERY_IMAGES): Admission<T> {
  const room = Math.max(0, max - used);
  return { accepted: files.slice(0, room), refused: files.slice(room) };
}

/** The message for refused files: says the limit and names what was left out. */
export function refusalMessage(names: readonly string[], max = MAX_QUERY_IMAGES): string {
  if (names.length === 0) return '';
  const list = names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  return `A query holds up to ${max} images, so ${list} ${names.length === 1 ? 'was' : 'were'} not added. Remove an image to make room.`;
}
