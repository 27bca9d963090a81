/**
 * Draws the map on a 2-D canvas (the camera maths is src/lib/map/view.ts): dots coloured by
 * cluster, the current results ringed (the best in the accent colour, drawn last), the query's
 * cross-hair and the hovered point.
 */
import type { MapView } from '../../lib/map/view.ts';
import { clusterColour } from '../../lib/map/palette.ts';
import type { GalleryMap } from '../../protocol/map.ts';

export interface MapScene {
  readonly data: GalleryMap;
  /** points by cluster, so each colour is one path */
  readonly byCluster: readonly (readonly number[])[];
  /** result points → rank */
  readonly highlighted: ReadonlyMap<number, number>;
  /** the point under the pointer, or -1 */
  readonly hover: number;
  readonly dark: boolean;
  /** CSS pixels */
  readonly width: number;
  readonly height: number;
  /** from the canvas's computed style, so the theme decides */
  readonly colours: { readonly text: string; readonly accent: string; readonly surface: string };
}

export function drawMap(ctx: CanvasRenderingContext2D, view: MapView, scene: MapScene): void {
  const { data, byCluster, highlighted, hover, dark, width, height } = scene;
  const { text, accent, surface } = scene.colours;
  ctx.clearRect(0, 0, width, height);
  const r = Math.min(7, Math.max(2, 2.4 * view.camera.zoom ** 0.4));
  const dim = highlighted.size > 0;
  ctx.globalAlpha = dim ? 0.55 : 0.85;
  byCluster.forEach((points, c) => {
    ctx.fillStyle = clusterColour(c, dark);
    ctx.beginPath();
    for (const i of points) {
      const p = view.toScreen(data.x[i], data.y[i]);
      if (p.x < -r || p.y < -r || p.x > width + r || p.y > height + r) continue;
      ctx.moveTo(p.x + r, p.y);
      ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
    }
    ctx.fill();
  });
  ctx.globalAlpha = 1;
  // Results, the best last (on top).
  const ranked = [...highlighted].sort((a, b) => b[1] - a[1]);
  for (const [i, rank] of ranked) {
    const p = view.toScreen(data.x[i], data.y[i]);
    ctx.fillStyle = clusterColour(data.cluster[i], dark);
    ctx.beginPath();
    ctx.arc(p.x, p.y, r + 1, 0, Math.PI * 2);
    ctx.fill();
    ctx.lineWidth = rank === 1 ? 3 : 2;
    ctx.strokeStyle = rank === 1 ? accent : text;
    ctx.beginPath();
    ctx.arc(p.x, p.y, r + (rank === 1 ? 5 : 3.5), 0, Math.PI * 2);
    ctx.stroke();
  }
  if (data.query) {
    const q = view.toScreen(data.query.x, data.query.y);
    ctx.lineCap = 'round';
    for (const [colour, lw] of [[surface, 6], [accent, 3]] as const) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = lw;
      ctx.beginPath();
      ctx.moveTo(q.x - 14, q.y); ctx.lineTo(q.x - 5, q.y);
      ctx.moveTo(q.x + 5, q.y); ctx.lineTo(q.x + 14, q.y);
      ctx.moveTo(q.x, q.y - 14); ctx.lineTo(q.x, q.y - 5);
      ctx.moveTo(q.x, q.y + 5); ctx.lineTo(q.x, q.y + 14);
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(q.x, q.y, 9, 0, Math.PI * 2);
      ctx.stroke();
    }
  }
  if (hover >= 0 && hover < data.count) {
    const p = view.toScreen(data.x[hover], data.y[hover]);
    ctx.strokeStyle = text;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(p.x, p.y, r + 4, 0, Math.PI * 2);
    ctx.stroke();
  }
}
