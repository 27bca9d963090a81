/** What the service worker tells the pages it serves. */
export type SwMessage =
  | { readonly type: 'precache-progress'; readonly done: number; readonly total: number }
  | { readonly type: 'offline-ready'; readonly version: string };
