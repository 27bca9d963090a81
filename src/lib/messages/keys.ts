/** The dictionary keys of the messages the workers and the pure core send (see sentence.ts). */
import type { MessageKey } from '../i18n/en.ts';

export type WorkerMessageKey = Extract<MessageKey, `worker.${string}` | `method.${string}` | 'error.withFile' | 'error.raw'>;
