import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { readTapAnswer } from '../../utils/page-requests/main-world';
import { TAP_ANSWER, TAP_ASK, type PageRequest, type TapAnswer } from '../../utils/page-requests/tap';
import { randomId } from '../../utils/helpers/random-id';

const ANSWER_TIMEOUT_MS = 30_000;

/**
 * Requests made in the page, with its login, by the main-world tap (its TAP_ASK): for a
 * call's link (link-source.ts) or a page of the call list (list-source.ts). Status 0: the
 * request did not reach the server, or no answer came in time.
 */
export function createPageExchange(ctx: ContentScriptContext): (request: PageRequest) => Promise<TapAnswer> {
  const waiting = new Map<string, (answer: TapAnswer) => void>();

  // A page script may answer too: only an answer in shape, to a ticket we wait on, settles it.
  ctx.addEventListener(document, TAP_ANSWER as keyof DocumentEventMap, (event) => {
    const answer = readTapAnswer((event as CustomEvent<unknown>).detail);
    const settle = answer && waiting.get(answer.ticket);
    if (!answer || !settle) return;
    waiting.delete(answer.ticket);
    settle(answer);
  });

  return (request) => {
    const ticket = randomId();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(ticket);
        resolve({ ticket, status: 0, body: '' });
      }, ANSWER_TIMEOUT_MS);
      waiting.set(ticket, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      document.dispatchEvent(new CustomEvent(TAP_ASK, { detail: JSON.stringify({ ticket, ...request }) }));
    });
  };
}
