/**
 * The Content-Security-Policy binds the workers too, and data from outside (a gallery manifest,
 * a stored model id) cannot send the app to another origin: every worker started from a `blob:`
 * stub inherits the page's policy (src/bridge/bound-worker.ts), so a fetch to another origin from
 * inside any of them is refused by the policy itself; a manifest naming files elsewhere is refused
 * before anything is requested; credit links are http(s) only.
 */
import { expect, test, type Page, type Route } from '@playwright/test';
import { holidayFolder } from './folder-fixtures.ts';
import { openApp, uploadFixture, openView } from './helpers.ts';
import { watchPrivacy } from './privacy-watch.ts';

const ELSEWHERE = 'https://elsewhere.example';

/** Runs inside a worker: fetches `url` and says whether it got through and which directive refused it. */
const probeFetch = async (url: string) => {
  const refusedBy: string[] = [];
  self.addEventListener('securitypolicyviolation', (e) => refusedBy.push((e as SecurityPolicyViolationEvent).effectiveDirective));
  let fetched = false;
  try {
    await fetch(url);
    fetched = true;
  } catch { /* refused, or no network */ }
  await new Promise((r) => setTimeout(r, 100)); // the violation event is queued after the rejection
  return { name: self.name, fetched, refusedBy };
};

/** The manifest fields these tests give a hostile value. */
interface EditableManifest {
  engines: Record<string, { file: string }>;
  sources: Record<string, { url: string }>;
}

/** The real gallery manifest, edited, served in its place. */
async function serveManifest(page: Page, edit: (m: EditableManifest) => void): Promise<void> {
  await page.route('**/gallery/manifest.json', async (route: Route) => {
    const manifest = await (await route.fetch()).json();
    edit(manifest);
    await route.fulfill({ json: manifest });
  });
}

test('in every worker, a fetch to another origin is refused by the policy', async ({ page, context }) => {
  // Were it not refused, this would answer (no test reaches the internet).
  let answered = 0;
  await context.route(`${ELSEWHERE}/**`, (route) => { answered++; return route.fulfill({ body: 'answered', headers: { 'access-control-allow-origin': '*' } }); });
  await openApp(page); // the search worker has read the manifest, the clip worker was asked for the model
  await uploadFixture(page, 'photo'); // starts the embed worker
  await expect.poll(() => page.workers().length).toBe(3);

  const outcomes = await Promise.all(page.workers().map((w) => w.evaluate(probeFetch, `${ELSEWHERE}/probe`)));
  expect(outcomes.map((o) => o.name).sort()).toEqual(['clip', 'embed', 'search']);
  for (const outcome of outcomes) expect(outcome, outcome.name).toEqual({ name: outcome.name, fetched: false, refusedBy: ['connect-src'] });
  expect(answered).toBe(0);
});

test('the indexing workers start bound too (from blob: stubs, like every worker of the page)', async ({ page }) => {
  const started: string[] = [];
  page.on('worker', (w) => started.push(w.url()));
  await openApp(page);
  const { dir } = await holidayFolder(6);
  await openView(page, 'photos');
  await page.getByTestId('folder-input').setInputFiles(dir);
  await expect(page.getByTestId('index-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  expect(started.length).toBeGreaterThanOrEqual(3); // search, clip, and at least one indexing worker
  for (const url of started) expect(url).toMatch(/^blob:/);
});

for (const [what, file] of [['a vector file on another host', `${ELSEWHERE}/vectors/classic.ivec`], ['a vector file up a folder', '../classic.ivec']] as const) {
  test(`a gallery manifest naming ${what} causes no request and a clear message`, async ({ page, baseURL }) => {
    const watch = await watchPrivacy(page, baseURL!);
    await serveManifest(page, (m) => { m.engines.classic.file = file; });
    await page.goto('./');
    const error = page.getByTestId('gallery-error');
    await expect(error).toHaveAttribute('data-code', 'manifest');
    await expect(error).toContainText(`the gallery manifest names ${file}, which is not a file inside the gallery folder; nothing was downloaded from it`);
    await watch.check(); // nothing went to another origin, no 404 from a climbed path, no violation
  });
}

test('a javascript: credit link in a manifest is shown as text, not a link', async ({ page }) => {
  await serveManifest(page, (m) => { m.sources.noto.url = 'javascript:alert(document.domain)'; });
  await page.goto('./');
  const credits = page.getByTestId('attribution');
  await expect(credits.getByTestId('credit-text')).toHaveText(/^Noto Emoji/);
  await expect(credits.getByRole('link')).toHaveCount(1); // Twemoji's https link is kept
  await expect(credits.getByRole('link')).toHaveAttribute('href', /^https:/);
});

test('a model id that is not owner/name is refused before the clip worker sees it, stored or typed', async ({ page, baseURL }) => {
  const watch = await watchPrivacy(page, baseURL!);
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('image-search:clip', JSON.stringify({ modelId: '//elsewhere.example/x' }));
    }
  });
  const warnings: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await openApp(page);
  await openView(page, 'model');
  await expect(page.getByTestId('clip-model')).toHaveValue('Xenova/clip-vit-base-patch32'); // the stored one was dropped…
  expect(warnings.join('\n')).toMatch(/modelId:? "\/\/elsewhere\.example\/x" is not a (Hugging Face )?model id/); // …and said why

  await page.getByTestId('clip-model').fill('//elsewhere.example/x');
  await page.getByTestId('clip-model').press('Enter');
  await page.getByTestId('clip-model').blur();
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('clip-reason')).toHaveText('"//elsewhere.example/x" is not a Hugging Face model id (owner/name: letters, digits, - _ .)');
  await watch.check();
});
