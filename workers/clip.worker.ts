/// <reference lib="webworker" />
// Thin: wiring only. Logic: workers/clip/ (model service, translator), contract: src/protocol/clip.ts.
import { expose } from 'comlink';
import { createClipApi } from './clip/api.ts';
import { installErrorTransfer } from '../src/protocol/errors.ts';

installErrorTransfer();
expose(createClipApi());
