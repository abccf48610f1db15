/**
 * Runs in the page's main world from document_start: watches the workbench's own fetch and
 * XMLHttpRequest responses and forwards JSON bodies that may hold call records to the
 * content script (tap.ts says how). It never changes what the page receives: fetch bodies
 * are read from a clone, XHR bodies after the page's own handlers have them, and every step
 * is wrapped so a failure here stays here.
 */
import { TAP_OFF, type TapStatus, type TapWindow } from './tap';
import { answerAsks } from './tap-asks';
import { tapFetch } from './tap-fetch';
import { createTapSink } from './tap-sink';
import { tapXhr } from './tap-xhr';

export function installTap(win: TapWindow): void {
  const marker = Symbol.for('tccc-record-tools.tap');
  const flags = win as unknown as Record<symbol, boolean>;
  if (flags[marker]) return;
  flags[marker] = true;

  // A tap in the manifest runs while the document is still loading; one injected into an open tab does not.
  const status: TapStatus = { early: win.document.readyState === 'loading' };
  const sink = createTapSink(win, status);
  // Taken before it is wrapped: the asks are the extension's own requests, not the page's to forward.
  const pageFetch = win.fetch;
  const restore = [tapFetch(win, sink), tapXhr(win, sink)];
  answerAsks(win, pageFetch, sink);

  // Put back what is still ours.
  win.document.addEventListener(TAP_OFF, () => {
    sink.stop();
    for (const undo of restore.splice(0)) undo?.();
  });
}
