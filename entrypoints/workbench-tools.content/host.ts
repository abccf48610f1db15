import css from './style.css?inline';

const HOST_TAG = 'tccc-record-tools';

/**
 * Our element on the page: an open shadow root (tests and users' tools can look in)
 * that keeps the workbench's styles out and ours in. The styles travel inside the
 * script, so nothing has to be fetched or exposed as a web-accessible resource.
 */
export function createToolsHost(): { host: HTMLElement; container: HTMLElement } {
  const host = document.createElement(HOST_TAG);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `:host{all:initial;display:block}\n${css}`;
  const container = document.createElement('div');
  shadow.append(style, container);
  return { host, container };
}
