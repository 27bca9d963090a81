import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { syntheticPhoto } from '../../scripts/lib/synthetic-photos.ts';
import { openApp, openView } from './helpers.ts';

/** "Edits": one photo, its mirror image and a crop of it, among 6 other photos. */
async function editsFolder(): Promise<string> {
  const base = join(tmpdir(), 'image-search-e2e-edits-v1');
  const dir = join(base, 'Edits');
  if (!existsSync(join(base, '.done'))) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, 'others'), { recursive: true });
    const photo = await syntheticPhoto(7777, 640, 480);
    await writeFile(join(dir, 'photo.jpg'), photo);
    await writeFile(join(dir, 'photo mirrored.jpg'), await sharp(photo).flop().jpeg({ quality: 85 }).toBuffer());
    await writeFile(join(dir, 'photo cropped.jpg'), await sharp(photo).extract({ left: 40, top: 30, width: 560, height: 420 }).jpeg({ quality: 85 }).toBuffer());
    for (let i = 0; i < 6; i++) await writeFile(join(dir, 'others', `other-${i}.jpg`), await syntheticPhoto(7800 + i, 640, 480));
    await writeFile(join(base, '.done'), '');
  }
  return dir;
}

test('the duplicate finder verifies a mirrored and a cropped copy as one picture and names each edit', async ({ page }) => {
  test.setTimeout(180_000);
  const dir = await editsFolder();
  await openApp(page);
  await openView(page, 'photos');
  await page.getByTestId('folder-input').setInputFiles(dir);
  await expect(page.getByTestId('index-progress')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await page.locator('[data-testid="collection"][data-name="Edits"]').getByTestId('collection-duplicates').click();
  // Mirroring moves the classic vector more than a re-encode: look further down the similarity scale.
  await page.getByTestId('duplicates-threshold').fill('0.9');
  const verified = page.locator('[data-testid="duplicate-group"][data-tier="verified"]');
  await expect(verified).toHaveCount(1, { timeout: 60_000 });
  // Each copy says what was done to it relative to the group's first image (whichever that is).
  const paths = (await verified.getByTestId('duplicate-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-path') ?? '')));
  expect([...paths].sort()).toEqual(['photo cropped.jpg', 'photo mirrored.jpg', 'photo.jpg']);
  const [first, ...rest] = paths;
  for (const path of rest) {
    const expected = [
      ...((first === 'photo cropped.jpg') !== (path === 'photo cropped.jpg') ? ['cropped'] : []),
      ...((first === 'photo mirrored.jpg') !== (path === 'photo mirrored.jpg') ? ['mirrored'] : []),
    ];
    const badge = verified.locator(`[data-testid="duplicate-item"][data-path="${path}"]`).getByTestId('duplicate-verified');
    await expect(badge).toHaveAttribute('data-words', expected.join(' '));
    await expect(badge).toContainText('Same picture:');
  }
});
