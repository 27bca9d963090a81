/**
 * npm run models [-- <model-id>] [--dtype q8|fp16|fp32|all] [--files a,b,c] [--out DIR] [--revision REV]
 * Downloads the files a transformers.js model needs into public/models/<model-id>/ (see docs/MODELS.md).
 * Exit status: 0 when every required file is in place and verified, 1 otherwise.
 */
import { USAGE, parseCliArgs, type CliOptions } from './models/args.ts';
import { downloadModel, messageOf, type DownloadResult } from './models/download.ts';
import { formatBytes, formatDuration, ProgressReporter } from './models/progress.ts';

function summary(r: DownloadResult): string {
  const count = (s: string) => r.files.filter((f) => f.status === s).length;
  const bytes = r.files.filter((f) => f.status === 'downloaded').reduce((s, f) => s + f.bytes, 0);
  const parts = [
    `${count('downloaded')} downloaded (${formatBytes(bytes)})`,
    `${count('skipped')} already present`,
  ];
  if (count('missing')) parts.push(`${count('missing')} optional missing`);
  if (count('failed')) parts.push(`${count('failed')} failed`);
  if (count('not-attempted')) parts.push(`${count('not-attempted')} not attempted`);
  const head = r.ok ? 'models: done' : 'models: FAILED';
  return `${head}: ${r.files.length} file(s): ${parts.join(', ')}; ${formatDuration(r.ms)} → ${r.modelDir}`;
}

async function main(): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`models: ${messageOf(err)}`);
    return 1;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const reporter = new ProgressReporter(process.stderr);
  let result: DownloadResult;
  try {
    result = await downloadModel({
      modelId: opts.modelId,
      files: opts.files,
      outDir: opts.outDir,
      revision: opts.revision,
      retries: opts.retries,
      onEvent: (e) => reporter.handle(e),
    });
  } catch (err) {
    reporter.finish();
    console.error(`models: FAILED: ${messageOf(err)}`);
    return 1;
  }
  reporter.finish();
  for (const e of result.errors) console.error(`  ✗ ${e}`);
  console.error(summary(result));
  return result.ok ? 0 : 1;
}

process.exitCode = await main();
