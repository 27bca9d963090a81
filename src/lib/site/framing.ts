/**
 * A page inside a frame on another site can be made to take clicks it did not mean (a model
 * download, say). A <meta> policy cannot set frame-ancestors, so the page decides itself: outside
 * embed mode (?embed=1, made for frames), a framed page shows only a link that opens the app in
 * its own tab. Hosts that can send headers add frame-ancestors as well (docs/DEPLOY.md).
 */
export type PageView = 'app' | 'open-in-tab';

export function pageView(embed: boolean, framed: boolean): PageView {
  return framed && !embed ? 'open-in-tab' : 'app';
}

/** Whether the window is inside a frame (a cross-origin `top` that cannot even be compared counts as framed). */
export function isFramed(win: { readonly top: unknown; readonly self: unknown }): boolean {
  try {
    return win.top !== win.self;
  } catch {
    return true;
  }
}
