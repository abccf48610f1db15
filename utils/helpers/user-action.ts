/**
 * Our bar sits in an open shadow root, and our row boxes in the page's own table: the page's
 * scripts (a third-party script, an XSS on the workbench) can click them, by `el.click()` or a
 * dispatched event, as easily as a person. Only the browser marks a person's click, key
 * press or tap `isTrusted`. What selects, collects or downloads takes only those; what only
 * changes the view (filter chips, the search box) takes any, as the page can hide its own
 * rows anyway and the person sees what the view shows.
 */
export function byUser<E extends Event>(action: (event: E) => void): (event: E) => void {
  return (event) => {
    if (event.isTrusted) action(event);
  };
}
