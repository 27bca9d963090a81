/// <reference lib="webworker" />
// Thin: wiring only. Logic: workers/embed/ (decode, engines), contract: workers/protocol.ts.
import { expose } from 'comlink';
import { createEmbedApi } from './embed/api.ts';
import { installErrorTransfer } from './protocol.ts';

installErrorTransfer();
expose(createEmbedApi());
