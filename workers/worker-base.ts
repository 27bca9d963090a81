/// <reference lib="webworker" />
/**
 * Imported first by every worker's `blob:` stub (src/bridge/bound-worker.ts). A worker started
 * from a `blob:` URL inherits the page's Content-Security-Policy, but its `location`, and the base
 * URL against which its Web APIs resolve a relative URL, become that `blob:` URL, against which no
 * relative URL resolves (`new URL('/assets/x.wasm', 'blob:…')` throws). The worker code and its
 * libraries were written for a worker loaded from its script's URL: transformers.js reads
 * `location.href`, asks for `/models/…` paths and keeps them in the Cache API under those paths.
 * So this puts that base back: `location` is the URL of the worker scripts' folder (this module
 * sits beside them), and `fetch` and the Cache API resolve a relative URL against it. Absolute
 * URLs are left alone: the policy, not this file, decides where they may go.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;

/** The request argument with a relative URL string made absolute. */
export function absoluteRequest<T>(input: T, base: URL): T {
  return (typeof input === 'string' ? new URL(input, base).href : input) as T;
}

if (scope.location.protocol === 'blob:') {
  const base = new URL(import.meta.url);
  Object.defineProperty(scope, 'location', { value: base, configurable: true, enumerable: true });

  const nativeFetch = scope.fetch.bind(scope);
  scope.fetch = (input, init) => nativeFetch(absoluteRequest(input, base), init);

  type Method = 'match' | 'matchAll' | 'add' | 'put' | 'delete' | 'keys';
  const resolveFirstArgument = (proto: object, name: string) => {
    const native = (proto as Record<string, (...a: unknown[]) => unknown>)[name];
    if (typeof native !== 'function') return;
    Object.defineProperty(proto, name, {
      configurable: true,
      writable: true,
      value(this: unknown, first: unknown, ...rest: unknown[]) {
        return native.call(this, absoluteRequest(first, base), ...rest);
      },
    });
  };
  // The Cache API exists only in secure contexts (not, say, in a frame of an http: page).
  if (typeof Cache === 'function') {
    for (const name of ['match', 'matchAll', 'add', 'put', 'delete', 'keys'] satisfies Method[]) resolveFirstArgument(Cache.prototype, name);
  }
  if (typeof CacheStorage === 'function') resolveFirstArgument(CacheStorage.prototype, 'match');
}
