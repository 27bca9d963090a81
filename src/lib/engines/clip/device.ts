/**
 * Where and at which precision CLIP runs: one definition for the encoder (browser and Node),
 * the clip worker's protocol and the stored preferences.
 */

/** WebGPU or WASM in a browser; 'cpu' is onnxruntime-node's, for the CLIs and tests. */
export type ClipDevice = 'webgpu' | 'wasm' | 'cpu';
/** The devices a page runs CLIP on. */
export type BrowserClipDevice = Exclude<ClipDevice, 'cpu'>;
export type ClipDevicePreference = 'auto' | BrowserClipDevice;

export type ClipDtype = 'q8' | 'fp16' | 'fp32';
export type ClipDtypePreference = 'auto' | ClipDtype;
