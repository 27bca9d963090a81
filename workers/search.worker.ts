/// <reference lib="webworker" />
// Thin: wiring only. Logic: workers/search/ (gallery store, ranking), contract: workers/protocol.ts.
import { expose } from 'comlink';
import { installErrorTransfer } from './protocol.ts';
import { createSearchApi } from './search/api.ts';

installErrorTransfer();
expose(createSearchApi());
