/// <reference lib="webworker" />
// Thin: wiring only. Logic: workers/search/ (gallery store, ranking), contract: src/protocol/search.ts.
import { expose } from 'comlink';
import { installErrorTransfer } from '../src/protocol/errors.ts';
import { createSearchApi } from './search/api.ts';

performance.mark('search-worker:ready');
installErrorTransfer();
expose(createSearchApi());
