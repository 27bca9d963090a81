import { describe, expect, it } from 'vitest';
import { hubModelIdProblem, isHubModelId } from '../../src/lib/hub/model-id.ts';
import { english } from '../../src/lib/messages/english.ts';

describe('Hugging Face model ids', () => {
  it.each(['Xenova/clip-vit-base-patch32', 'Xenova/mobileclip_s1', 'Xenova/opus-mt-vi-en', 'openai/clip-vit-base-patch16', 'tiny-clip', 'gpt2', 'a/b.c_d-e'])(
    'accepts %s', (id) => {
      expect(isHubModelId(id)).toBe(true);
      expect(hubModelIdProblem(id)).toBeUndefined();
    },
  );

  it.each([
    ['another host', '//evil.example/x'],
    ['a URL', 'https://evil.example/x'],
    ['a climb', '../x'],
    ['a climb in the name', 'owner/..'],
    ['a path of three parts', 'a/b/c'],
    ['a leading slash', '/owner/name'],
    ['a backslash', 'owner\\name'],
    ['a query', 'owner/name?x=1'],
    ['an encoded slash', 'owner%2fname'],
    ['spaces', 'owner/my model'],
    ['a double dash', 'owner/a--b'],
    ['a dot at the end', 'owner/name.'],
    ['a git repository', 'owner/name.git'],
    ['an over-long name', `owner/${'x'.repeat(97)}`],
    ['nothing', ''],
    ['a number', 42],
  ])('refuses %s', (_, id) => {
    expect(isHubModelId(id)).toBe(false);
    expect(english(hubModelIdProblem(id)!)).toMatch(/is not a Hugging Face model id/);
  });
});
