/**
 * Cluster colours of the map: 12 hues far apart, darker on a light background and lighter on a
 * dark one (each at least 3:1 against the map's background, as WCAG asks of graphics).
 */
const HUES = [212, 28, 135, 352, 275, 48, 185, 315, 95, 240, 8, 160];

export function clusterColour(cluster: number, dark: boolean): string {
  const h = HUES[cluster % HUES.length];
  // Past the 12 hues, alternate lightness so neighbours in the legend still differ.
  const round = Math.floor(cluster / HUES.length) % 2;
  return dark ? `hsl(${h} 75% ${round ? 78 : 66}%)` : `hsl(${h} 70% ${round ? 30 : 40}%)`;
}
