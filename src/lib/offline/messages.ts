/** What the service worker tells the pages it serves. */
export type SwMessage =
  | { readonly type: 'precache-progress'; readonly done: number; readonly total: number }
  | { readonly type: 'offline-ready'; readonly version: string };

/** How long "ready to work offline" stays before it goes by itself (it is said once, and needs no answer). */
export const READY_NOTICE_MS = 8000;
