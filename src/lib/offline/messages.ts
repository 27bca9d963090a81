import type { IsolationMode } from './isolation.ts';

/** What the service worker tells the pages it serves. */
export type SwMessage =
  | { readonly type: 'precache-progress'; readonly done: number; readonly total: number }
  | { readonly type: 'offline-ready'; readonly version: string }
  /** a new version took over by itself (security fixes must not wait for a click); reload to use it */
  | { readonly type: 'updated'; readonly version: string };

/** What a page tells the service worker. */
export type PageToSwMessage = { readonly type: 'isolation'; readonly mode: IsolationMode };

/** How long "ready to work offline" stays before it goes by itself (it is said once, and needs no answer). */
export const READY_NOTICE_MS = 8000;
