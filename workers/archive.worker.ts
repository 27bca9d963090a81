/// <reference lib="webworker" />
// Thin: wiring only. Logic: src/lib/collections/archive.ts, contract: workers/archive-protocol.ts.
import { expose } from 'comlink';
import { createArchiveApi } from './archive/api.ts';
import { installErrorTransfer } from './protocol.ts';

installErrorTransfer();
expose(createArchiveApi());
