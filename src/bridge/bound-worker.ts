/**
 * Workers bound to the page's Content-Security-Policy. A worker loaded from its script's URL
 * runs under the policy of that script's response (none, on a static host: the page's is a
 * <meta>); a worker loaded from a `blob:` URL inherits the page's policy. So each worker starts
 * from a same-origin `blob:` stub that imports workers/worker-base.ts (which puts back the base
 * URL the worker code expects), then the real worker module. Static imports, so the whole graph
 * has run before the first message is delivered. Needs `worker-src blob:` (docs/DEPLOY.md).
 */
import workerBaseUrl from '../../workers/worker-base.ts?worker&url';

export function boundWorkerSource(baseUrl: string, scriptUrl: string): string {
  return `import ${JSON.stringify(baseUrl)};\nimport ${JSON.stringify(scriptUrl)};\n`;
}

/** Starts the module worker at `scriptUrl` (a URL from `…?worker&url`) under the page's policy. */
export function startBoundWorker(scriptUrl: string, name: string): Worker {
  const absolute = (url: string) => new URL(url, document.baseURI).href;
  const stub = URL.createObjectURL(new Blob([boundWorkerSource(absolute(workerBaseUrl), absolute(scriptUrl))], { type: 'text/javascript' }));
  try {
    return new Worker(stub, { type: 'module', name });
  } finally {
    URL.revokeObjectURL(stub); // the worker holds on to the blob it was started from
  }
}
