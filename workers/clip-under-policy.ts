/// <reference lib="webworker" />
/**
 * The clip worker as the page starts it (src/bridge/clients.ts), under the page's policy
 * (bound-worker.ts). There, `script-src 'self'` refuses a module imported from a `blob:` URL,
 * which is how transformers.js's "WASM cache" hands onnxruntime its factory script; without that
 * cache onnxruntime imports the factory and fetches the .wasm from the site itself (the offline
 * service worker keeps them). Its natural home is configureTransformers (workers/clip/runtime.ts).
 */
import { env } from '@huggingface/transformers';
import './clip.worker.ts';

env.useWasmCache = false;
