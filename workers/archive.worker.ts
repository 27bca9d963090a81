/// <reference lib="webworker" />
// Thin: wiring only. Logic: src/lib/collections/archive.ts, contract: src/protocol/archive.ts.
import { expose } from 'comlink';
import { createArchiveApi } from './archive/api.ts';
import { installErrorTransfer } from '../src/protocol/errors.ts';

installErrorTransfer();
expose(createArchiveApi());
