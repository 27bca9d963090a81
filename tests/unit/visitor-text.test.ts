import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/lib/i18n/catalog.ts';
import { text } from '../../src/lib/i18n/types.ts';
import { fromWorker } from '../../src/lib/i18n/worker-text.ts';
import { unavailableReason } from '../../workers/clip/service.ts';

/** Build commands are for whoever builds the site: the page never shows them to a visitor. */
describe('worker sentences written for the deployer, shown to a visitor', () => {
  const model = 'Xenova/clip-vit-base-patch32';

  it('the model-not-shipped reason names the model and the download, without a build command', () => {
    for (const locale of ['en', 'vi'] as const) {
      const shown = renderText(locale, fromWorker(unavailableReason(model)));
      expect(shown).toContain(model);
      expect(shown).toContain('Hugging Face Hub');
      expect(shown).not.toMatch(/npm run|models\//);
    }
  });

  it('a gallery without vectors for an engine is said without "npm run gallery"', () => {
    for (const sentence of [
      'the gallery has no vectors for the "clip" engine; put a CLIP model in public/models/ and rebuild it with npm run gallery',
      'the gallery has no vectors for the "pixels" engine; rebuild it with npm run gallery',
    ]) {
      const shown = renderText('en', fromWorker(sentence));
      expect(shown).not.toMatch(/npm run|public\//);
      expect(shown).toMatch(/"(clip|pixels)"/);
    }
  });

  it('nested in a page sentence, the reason is still the visitor\'s version', () => {
    const shown = renderText('en', text('search.textPartNeedsClip', { reason: fromWorker(unavailableReason(model)) }));
    expect(shown).not.toContain('npm run');
  });
});
