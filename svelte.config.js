// Svelte 5 with runes everywhere; TypeScript in <script lang="ts"> is handled natively (no preprocessor needed).
export default {
  compilerOptions: { runes: true },
};
