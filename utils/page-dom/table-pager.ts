/**
 * The page's own pagination, found near the records table by what it says (下一页,
 * aria-label, title), never by class name or position. Part of the table adapter.
 */
const NEXT_WORDS = ['下一页', '下页', 'next', 'next page', '›', '>', '»', '→'];
const PREV_WORDS = ['上一页', '上页', 'prev', 'previous', 'previous page', '‹', '<', '«', '←'];
const CLICKABLE = 'button, a, li, [role="button"], [role="link"]';
const SEARCH_LEVELS = 6;

export interface Pager {
  next: Element;
  prev: Element | null;
  /** The element holding the pagination, to look for page numbers in. */
  scope?: Element;
}

function words(el: Element): string[] {
  const aria = el.getAttribute('aria-label') ?? '';
  const title = el.getAttribute('title') ?? '';
  const text = (el.textContent ?? '').trim();
  return [aria, title, text].map((s) => s.trim().toLowerCase()).filter(Boolean);
}

function matchesWords(el: Element, list: string[]): boolean {
  return words(el).some((w) => list.includes(w));
}

/** The innermost clickable elements saying one of `list`, within `root`. */
function findControl(root: Element, list: string[]): Element | null {
  const candidates = [...root.querySelectorAll(CLICKABLE)].filter((el) => matchesWords(el, list));
  // Prefer the innermost (a button inside an li both say 下一页).
  return candidates.find((el) => !candidates.some((other) => other !== el && el.contains(other))) ?? null;
}

export function findPager(anchor: Element): Pager | null {
  let scope: Element | null = anchor;
  for (let level = 0; scope && level < SEARCH_LEVELS; level++, scope = scope.parentElement) {
    const next = findControl(scope, NEXT_WORDS);
    if (next) return { next, prev: findControl(scope, PREV_WORDS), scope: next.parentElement?.parentElement ?? scope };
  }
  return null;
}

export function isDisabled(el: Element): boolean {
  for (let node: Element | null = el; node && node !== el.parentElement?.parentElement; node = node.parentElement) {
    if ((node as HTMLButtonElement).disabled) return true;
    if (node.getAttribute('aria-disabled') === 'true') return true;
    if (/(^|[-_\s])disabled?($|[-_\s])/i.test(node.getAttribute('class') ?? '')) return true;
  }
  return false;
}

function numberedControls(pager: Pager): Element[] {
  const scope = pager.scope ?? pager.next.parentElement;
  if (!scope) return [];
  const all = [...scope.querySelectorAll(CLICKABLE)].filter((el) => /^\d+$/.test((el.textContent ?? '').trim()));
  return all.filter((el) => !all.some((other) => other !== el && el.contains(other)));
}

/** The pager's page-number box (`[ 3 ] / 12 页`): a text field holding a page number. */
export function pageNumberInput(pager: Pager): HTMLInputElement | null {
  const scope = pager.scope ?? pager.next.parentElement;
  const boxes = [...(scope?.querySelectorAll('input') ?? [])].filter(
    (el) =>
      ['text', 'number', 'tel', ''].includes(el.getAttribute('type') ?? '') &&
      /^\d+$/.test(el.value.trim()) &&
      !el.closest('table, [role=table], [role=grid]'),
  );
  return boxes.length === 1 ? boxes[0]! : null;
}

/** Goes to page `n` through the page-number box, as a person types it and presses Enter. */
export function typePageNumber(input: HTMLInputElement, n: number): void {
  // The native setter: a React page's own value tracker then sees the change.
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, String(n));
  input.dispatchEvent(new Event('input', { bubbles: true }));
  for (const type of ['keydown', 'keypress', 'keyup']) {
    input.dispatchEvent(
      new KeyboardEvent(type, {
        key: 'Enter',
        code: 'Enter',
        keyCode: 13,
        which: 13,
        bubbles: true,
        cancelable: true,
      } as KeyboardEventInit),
    );
  }
}

/** The page number the pager marks as current (aria-current, an active/selected state, or its page-number box). */
export function currentPageNumber(pager: Pager): number | null {
  for (const el of numberedControls(pager)) {
    const marked =
      el.getAttribute('aria-current') === 'page' ||
      el.closest('[aria-current="page"]') !== null ||
      el.getAttribute('aria-selected') === 'true' ||
      /(^|[-_\s])(active|current|selected|is-active)($|[-_\s])/i.test(
        `${el.getAttribute('class') ?? ''} ${el.parentElement?.getAttribute('class') ?? ''}`,
      );
    if (marked) return Number((el.textContent ?? '').trim());
  }
  const box = pageNumberInput(pager);
  return box ? Number(box.value.trim()) : null;
}

export function pageNumberControl(pager: Pager, n: number): Element | null {
  return numberedControls(pager).find((el) => (el.textContent ?? '').trim() === String(n)) ?? null;
}

const STATED_TOTAL = /^\s*(?:共|总计|total:?)\s*(\d+)\s*(?:条|项|items?)?\s*$/i;

/** The number of records the pagination says the query has (`共 36 条`), near the table. */
export function statedTotal(anchor: Element): number | null {
  let scope: Element | null = anchor.parentElement;
  for (let level = 0; scope && level < SEARCH_LEVELS; level++, scope = scope.parentElement) {
    const walker = anchor.ownerDocument.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (anchor.contains(node)) continue;
      const m = STATED_TOTAL.exec(node.nodeValue ?? '');
      if (m) return Number(m[1]);
    }
  }
  return null;
}
