/**
 * What a submitted text does (the rule: src/lib/query/text-search.ts, planTextSubmit), with what
 * the rule needs found out first: whether CLIP can search the text here (this loads the model).
 */
import { planTextSubmit, type TextSubmitPlan } from '../../lib/query/text-search.ts';
import type { EngineChoice } from '../../lib/search/best-engine.ts';
import { clipUsable, type SearchSources } from '../clip-query.ts';

export async function planSubmittedText(text: string, imageCount: number, engine: EngineChoice, sources: SearchSources): Promise<TextSubmitPlan> {
  return planTextSubmit({ text, imageCount, engine, clipUsable: !!text && (await clipUsable(sources)) });
}
