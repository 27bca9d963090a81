/// <reference lib="webworker" />
// Thin: wiring only. Logic: workers/clip/ (model service, translator), contract: workers/protocol.ts.
import { expose } from 'comlink';
import { createClipApi } from './clip/api.ts';
import { installErrorTransfer } from './protocol.ts';

installErrorTransfer();
expose(createClipApi());
