// ESLint (flat config): typescript-eslint and eslint-plugin-svelte on recommended rules, plus the
// layer rule: the pure core (src/lib) runs in Node, the page and the workers, so it imports
// nothing from the page layer (state, components, bridge, storage) or from the workers.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const outsideCore = ['state', 'components', 'bridge', 'storage'].map((dir) => `**/${dir}/**`);

export default ts.config(
  { ignores: ['dist*/**', 'node_modules/**', 'public/**', 'test-results/**', 'playwright-report/**', 'src/lib/ranking/wasm/kernels.generated.ts'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // The page's state classes keep their reactive values in $state.raw fields that are replaced
    // whole; the Sets and Maps the rule flags there are bookkeeping nothing renders (abort
    // controllers, object-URL caches, id lookups, locals), and SvelteSet/SvelteMap would only
    // add tracking. Components keep the rule.
    files: ['src/state/**/*.svelte.ts'],
    rules: { 'svelte/prefer-svelte-reactivity': 'off' },
  },
  {
    files: ['src/lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: outsideCore, message: 'src/lib is the pure core: it imports nothing from the page layer.' },
            { group: ['**/workers/**'], message: 'src/lib is the pure core: it imports nothing from the workers.' },
          ],
        },
      ],
    },
  },
  {
    // The contract between page and workers is neutral ground: the core's types, nothing of either side.
    files: ['src/protocol/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: outsideCore, message: 'src/protocol is the page ⇄ worker contract: it imports nothing from the page layer.' },
            { group: ['**/workers/**'], message: 'src/protocol is the page ⇄ worker contract: it imports nothing from the workers.' },
          ],
        },
      ],
    },
  },
);
