/** How a search ranked its sources, as data: one step per way used (exact scan, IVF, spectral clusters). */
import { text, type Text } from '../i18n/types.ts';

export type Scanner = 'wasm-simd' | 'typescript';

export type RankingStep =
  | { readonly kind: 'exact'; readonly scanner: Scanner }
  | { readonly kind: 'ivf'; readonly nprobe: number }
  | { readonly kind: 'cluster'; readonly probed: number }
  /** filters kept `kept` of the searched images (ranked exactly) */
  | { readonly kind: 'filtered'; readonly kept: number }
  /** no query: the images listed by date */
  | { readonly kind: 'by-date'; readonly order: 'newest' | 'oldest' };

const SCANNER_NAMES: Readonly<Record<Scanner, string>> = { 'wasm-simd': 'WebAssembly SIMD', typescript: 'TypeScript' };

export function rankingText(step: RankingStep): Text {
  switch (step.kind) {
    case 'exact': return text('method.exact', { scanner: SCANNER_NAMES[step.scanner] });
    case 'ivf': return text('method.ivf', { n: step.nprobe });
    case 'cluster': return text('method.cluster', { n: step.probed });
    case 'filtered': return text('method.filtered', { count: step.kept });
    case 'by-date': return text(step.order === 'newest' ? 'method.newestFirst' : 'method.oldestFirst');
  }
}

/** Steps in the order first used, each once. */
export function sameStep(a: RankingStep, b: RankingStep): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
