/**
 * EXIF dates, pure. `DateTimeOriginal` is written "YYYY:MM:DD HH:MM:SS" in the camera's local
 * time, with no zone; `OffsetTimeOriginal` ("+07:00"), where the camera wrote one, says which.
 * Without it the time is read as local time here, as photo apps do.
 */
const DATE_TIME = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;
const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

/** ms since the epoch, or undefined for a blank, zeroed ("0000:00:00 00:00:00") or impossible date. */
export function parseExifDateTime(value: unknown, offset?: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATE_TIME.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  if (y < 1800 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const o = typeof offset === 'string' ? OFFSET.exec(offset.trim()) : null;
  if (o) {
    const minutes = (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3]));
    const wall = Date.UTC(y, mo - 1, d, h, mi, s);
    return new Date(wall).getUTCDate() === d ? wall - minutes * 60_000 : undefined;
  }
  const local = new Date(y, mo - 1, d, h, mi, s);
  return local.getDate() === d ? local.getTime() : undefined;
}

