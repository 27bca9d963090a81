/**
 * A worker's client derived from its API type (after Squoosh's worker bridge): every method of the
 * API, called with an AbortSignal (or undefined) first and then the method's own arguments, runs
 * in the worker through the WorkerBridge. No hand-written forwarder per method: the compiler
 * checks that the list of method names is complete, and a method whose arguments must be
 * transferred (not copied) says so in `crossings`.
 */
import type { WorkerBridge } from './worker-bridge.ts';

type Method = (...args: never[]) => unknown;

/** What the page calls: the API's methods with the caller's AbortSignal first. */
export type BridgeClient<Api> = {
  readonly [K in keyof Api]: Api[K] extends (...args: infer P) => infer R ? (signal: AbortSignal | undefined, ...args: P) => Promise<Awaited<R>> : never;
};

/** Every method name of the API, each once (a `Record`, so a missing one is a type error). */
export type MethodNames<Api> = Record<keyof Api, true>;

/** Per method, how its arguments cross: the arguments to send (e.g. wrapped in Comlink's `transfer`). */
export type Crossings<Api> = {
  readonly [K in keyof Api]?: Api[K] extends (...args: infer P) => unknown ? (...args: P) => P : never;
};

export function deriveClient<Api>(bridge: WorkerBridge<Api>, names: MethodNames<Api>, crossings: Crossings<Api> = {}): BridgeClient<Api> {
  const client: Record<string, unknown> = {};
  for (const name of Object.keys(names) as (keyof Api & string)[]) {
    const cross = crossings[name] as ((...args: unknown[]) => unknown[]) | undefined;
    client[name] = (signal: AbortSignal | undefined, ...args: unknown[]) =>
      bridge.call((remote) => {
        const method = (remote as unknown as Record<string, Method>)[name] as (...a: unknown[]) => Promise<unknown>;
        return method(...(cross ? cross(...args) : args));
      }, signal);
  }
  return client as BridgeClient<Api>;
}
