import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/lib/i18n/catalog.ts';
import { text } from '../../src/lib/i18n/types.ts';
import { english } from '../../src/lib/messages/english.ts';
import { message } from '../../src/lib/messages/sentence.ts';
import { forVisitors } from '../../src/lib/messages/visitor.ts';
import { unavailableReason } from '../../workers/clip/service.ts';

/** Build commands are for whoever builds the site: the page never shows them to a visitor. */
describe('worker messages written for the deployer, shown to a visitor', () => {
  const model = 'Xenova/clip-vit-base-patch32';

  it('the model-not-shipped reason names the model and the download, without a build command', () => {
    expect(english(unavailableReason(model))).toContain('npm run models'); // the console's version
    for (const locale of ['en', 'vi'] as const) {
      const shown = renderText(locale, forVisitors(unavailableReason(model)));
      expect(shown).toContain(model);
      expect(shown).toContain('Hugging Face Hub');
      expect(shown).not.toMatch(/npm run|models\//);
    }
  });

  it('a gallery without vectors for an engine is said without "npm run gallery"', () => {
    for (const said of [message('worker.noEngineVectorsClip', { engine: 'clip' }), message('worker.noEngineVectors', { engine: 'pixels' })]) {
      expect(english(said)).toContain('npm run gallery');
      const shown = renderText('en', forVisitors(said));
      expect(shown).not.toMatch(/npm run|public\//);
      expect(shown).toMatch(/"(clip|pixels)"/);
    }
  });

  it('nested in a page sentence, the reason is still the visitor\'s version', () => {
    const shown = renderText('en', forVisitors(text('search.textPartNeedsClip', { reason: unavailableReason(model) })));
    expect(shown).not.toContain('npm run');
  });
});
