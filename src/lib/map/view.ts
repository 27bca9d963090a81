/**
 * The map's camera: which part of the 2-D layout a canvas shows. World coordinates are the PCA
 * coordinates (y up); screen coordinates are CSS pixels from the canvas's top-left corner (y down).
 * At zoom 1 the whole layout fits the canvas with a margin. Pure: the canvas component draws
 * with it and the tests check it without a DOM.
 */

export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 64;

export interface Bounds {
  readonly minX: number;
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;
}

/** Bounds of the finite points (a unit square around 0 when there are none). */
export function boundsOf(xs: ArrayLike<number>, ys: ArrayLike<number>): Bounds {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i], y = ys[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (minX > maxX) return { minX: -1, maxX: 1, minY: -1, maxY: 1 };
  // A flat layout (one point, or all on a line) still gets a non-zero extent.
  const padX = maxX - minX > 0 ? 0 : Math.max(1, Math.abs(minX)) * 0.5;
  const padY = maxY - minY > 0 ? 0 : Math.max(1, Math.abs(minY)) * 0.5;
  return { minX: minX - padX, maxX: maxX + padX, minY: minY - padY, maxY: maxY + padY };
}

export interface Camera {
  /** world point at the canvas centre */
  readonly cx: number;
  readonly cy: number;
  readonly zoom: number;
}

export class MapView {
  width = 1;
  height = 1;
  /** CSS pixels kept free around the layout at zoom 1 */
  margin = 16;
  camera: Camera;

  constructor(readonly bounds: Bounds) {
    this.camera = this.home();
  }

  /** zoom 1, centred */
  home(): Camera {
    const b = this.bounds;
    return { cx: (b.minX + b.maxX) / 2, cy: (b.minY + b.maxY) / 2, zoom: 1 };
  }

  reset(): void {
    this.camera = this.home();
  }

  resize(width: number, height: number): void {
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
  }

  /** CSS pixels per world unit at zoom 1: the layout fits, aspect kept */
  get baseScale(): number {
    const b = this.bounds;
    const w = Math.max(1, this.width - 2 * this.margin), h = Math.max(1, this.height - 2 * this.margin);
    return Math.min(w / (b.maxX - b.minX), h / (b.maxY - b.minY));
  }

  get scale(): number {
    return this.baseScale * this.camera.zoom;
  }

  toScreen(x: number, y: number): { x: number; y: number } {
    const s = this.scale, c = this.camera;
    return { x: this.width / 2 + (x - c.cx) * s, y: this.height / 2 - (y - c.cy) * s };
  }

  toWorld(sx: number, sy: number): { x: number; y: number } {
    const s = this.scale, c = this.camera;
    return { x: c.cx + (sx - this.width / 2) / s, y: c.cy - (sy - this.height / 2) / s };
  }

  /** Multiplies the zoom by `factor` (clamped), keeping the world point under (sx, sy) where it is. */
  zoomAt(factor: number, sx = this.width / 2, sy = this.height / 2): void {
    const before = this.toWorld(sx, sy);
    const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.camera.zoom * factor));
    this.camera = { ...this.camera, zoom };
    const after = this.toWorld(sx, sy);
    this.camera = { cx: this.camera.cx + before.x - after.x, cy: this.camera.cy + before.y - after.y, zoom };
  }

  /** Moves the picture by (dx, dy) CSS pixels (a drag). */
  pan(dx: number, dy: number): void {
    const s = this.scale;
    this.camera = { ...this.camera, cx: this.camera.cx - dx / s, cy: this.camera.cy + dy / s };
  }

  /** Centres a world point (keeping the zoom). */
  centreOn(x: number, y: number): void {
    this.camera = { ...this.camera, cx: x, cy: y };
  }

  visible(sx: number, sy: number): boolean {
    return sx >= 0 && sy >= 0 && sx <= this.width && sy <= this.height;
  }

  /** The point nearest (sx, sy) within `radius` CSS pixels, or -1; ties go to the later point (drawn on top). */
  nearest(xs: ArrayLike<number>, ys: ArrayLike<number>, sx: number, sy: number, radius: number): number {
    const w = this.toWorld(sx, sy);
    const r = radius / this.scale;
    let best = -1, bd = r * r;
    for (let i = 0; i < xs.length; i++) {
      const dx = xs[i] - w.x, dy = ys[i] - w.y;
      const d = dx * dx + dy * dy;
      if (d <= bd) { bd = d; best = i; }
    }
    return best;
  }
}
