/** Which view of the page is shown: the search (results first), "Your photos", or the text model. */
export const PAGE_VIEWS = ['search', 'photos', 'model'] as const;
export type PageViewId = (typeof PAGE_VIEWS)[number];

export class PageView {
  current = $state<PageViewId>('search');

  show(view: PageViewId): void {
    this.current = view;
  }
}
