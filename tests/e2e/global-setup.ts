import { existsSync } from 'node:fs';
import { generateFixtures, FIXTURES_DIR } from '../fixtures/generate.ts';

/** Fixtures are generated (not committed); the built app must exist, since tests run against dist/. */
export default async function globalSetup(): Promise<void> {
  if (!existsSync('dist/index.html')) {
    throw new Error('dist/ is missing: run `npx vite build` (or `npm run test:e2e`, which builds first)');
  }
  await generateFixtures(FIXTURES_DIR);
}
