/**
 * The few members of the global `WebAssembly` that the kernels use, typed here because src/lib
 * type-checks without the DOM library (where TypeScript declares `WebAssembly`). Read from
 * globalThis, so it is undefined on an engine without WebAssembly.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** Adds `pages` pages of 64 KiB; returns the previous size in pages. */
  grow(pages: number): number;
}

/** A compiled module (opaque: only passed back to `Instance`). */
export interface WasmModule {
  readonly [Symbol.toStringTag]: string;
}

export interface WasmInstance {
  readonly exports: object;
}

export interface WebAssemblyApi {
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
  Module: new (bytes: Uint8Array<ArrayBuffer>) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
}

export function webAssemblyApi(): WebAssemblyApi | undefined {
  const api: unknown = Reflect.get(globalThis, 'WebAssembly');
  return typeof api === 'object' && api !== null ? (api as WebAssemblyApi) : undefined;
}
