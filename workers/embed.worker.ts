/// <reference lib="webworker" />
// Thin: wiring only. Logic: workers/embed/ (decode, engines), contract: src/protocol/embed.ts.
import { expose } from 'comlink';
import { createEmbedApi } from './embed/api.ts';
import { installErrorTransfer } from '../src/protocol/errors.ts';

installErrorTransfer();
expose(createEmbedApi());
