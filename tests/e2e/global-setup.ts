import { existsSync } from 'node:fs';
import { generateFixtures, FIXTURES_DIR } from '../fixtures/generate.ts';

/** Fixtures are generated (not committed); both built sites must exist, since tests run against them. */
export default async function globalSetup(): Promise<void> {
  for (const [dir, how] of [['dist', 'npm run build'], ['dist-clip', 'npm run build:test-site'], ['dist-sub', 'npm run build:test-site']]) {
    if (!existsSync(`${dir}/index.html`)) throw new Error(`${dir}/ is missing: run \`${how}\` (or \`npm run test:e2e\`, which builds both)`);
  }
  await generateFixtures(FIXTURES_DIR);
}
