/** The sentences under the map (pure): what the marks mean, each a whole sentence, in the language of `t`. */
import type { Translate } from '../i18n/types.ts';

export function mapLegend(marks: { readonly query: boolean; readonly results: number }, t: Translate): string[] {
  const lines = [t('map.legend')];
  if (marks.query && marks.results) lines.push(t('map.legendQueryResults', { count: marks.results }));
  else if (marks.query) lines.push(t('map.legendQuery'));
  else if (marks.results) lines.push(t('map.legendResults', { count: marks.results }));
  lines.push(t('map.legendClick'));
  return lines;
}
