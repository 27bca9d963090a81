/**
 * `npm run search` as a person runs it: a folder of images indexed on the fly, a text, an
 * image, or both; with --json exactly one {"results":[{file, score}]} object on stdout.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const MODEL = 'tests/fixtures/models/tiny-clip';
let dir: string;

async function search(...args: string[]): Promise<{ file: string; score: number }[]> {
  const { stdout } = await run('npx', ['tsx', 'scripts/search.ts', '--gallery', dir, '--model', MODEL, '--json', ...args]);
  return JSON.parse(stdout).results;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'search-cli-'));
  const colours: Record<string, [number, number, number]> = { red: [230, 20, 20], green: [20, 200, 40], blue: [20, 40, 230] };
  for (const [name, [r, g, b]] of Object.entries(colours)) {
    await sharp({ create: { width: 48, height: 48, channels: 3, background: { r, g, b } } }).png().toFile(join(dir, `${name}.png`));
  }
  await writeFile(join(dir, 'notes.jpg'), 'not an image');
}, 30_000);

describe('npm run search', () => {
  it('ranks a folder by text with CLIP, skipping unreadable files', async () => {
    const results = await search('--text', 'red');
    expect(results[0]).toMatchObject({ file: 'red.png' });
    expect(results[0].score).toBeGreaterThan(0.9);
    expect(results).toHaveLength(3);
  }, 30_000);

  it('moves a hybrid query from the image to the text with --alpha', async () => {
    const image = join(dir, 'blue.png');
    expect((await search('--text', 'red', '--image', image, '--alpha', '0'))[0].file).toBe('blue.png');
    expect((await search('--text', 'red', '--image', image, '--alpha', '1'))[0].file).toBe('red.png');
  }, 30_000);

  it('searches by image with a weight-free engine', async () => {
    const { stdout } = await run('npx', ['tsx', 'scripts/search.ts', '--gallery', dir, '--image', join(dir, 'green.png'), '--engine', 'classic', '--top', '1', '--json']);
    expect(JSON.parse(stdout)).toEqual({ results: [{ file: 'green.png', score: expect.closeTo(1, 5) }] });
  }, 30_000);

  it('refuses text with an engine that has no text side', async () => {
    await expect(run('npx', ['tsx', 'scripts/search.ts', '--gallery', dir, '--text', 'red', '--engine', 'classic'])).rejects.toMatchObject({ stderr: expect.stringContaining('text queries need --engine clip') });
  }, 30_000);
});
