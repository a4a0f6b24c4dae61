import { useCallback } from 'react';

/**
 * Sets the document title and moves focus to the page's heading when the page is shown: after a
 * client-side navigation a screen reader then announces the new page, as after a full load.
 * @returns a ref callback for the page's `<h1 tabIndex={-1}>`.
 */
export function usePageTitle(title: string) {
  return useCallback(
    (heading: HTMLHeadingElement | null) => {
      document.title = `${title} · Patchbay`;
      if (heading && document.activeElement !== heading && !heading.contains(document.activeElement)) heading.focus({ preventScroll: true });
    },
    [title],
  );
}
