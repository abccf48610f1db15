/**
 * The text of a table cell as a person reads it. `textContent` glues lines together
 * ("2024-01-0210:00:00" from a date and a time on two lines), so line-making
 * elements become spaces here; inline pieces (a highlighted part of a number) do not.
 */
const LINE_TAGS: ReadonlySet<string> = new Set([
  'BR',
  'DIV',
  'P',
  'LI',
  'TR',
  'SECTION',
  'HEADER',
  'FOOTER',
  'UL',
  'OL',
  'DL',
  'DT',
  'DD',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
]);
/** Form controls (our own row checkbox among them) and things that show no text. */
const SKIP_TAGS: ReadonlySet<string> = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'INPUT', 'SELECT', 'TEXTAREA']);

function collect(node: Node, out: string[]): void {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3) out.push(child.nodeValue ?? '');
    else if (child.nodeType === 1) {
      const tag = (child as Element).tagName.toUpperCase();
      if (SKIP_TAGS.has(tag)) continue;
      const line = LINE_TAGS.has(tag);
      if (line) out.push(' ');
      collect(child, out);
      if (line) out.push(' ');
    }
  }
}

/** Trimmed, whitespace collapsed to single spaces. */
export function cellText(el: Element): string {
  const out: string[] = [];
  collect(el, out);
  return out.join('').replace(/\s+/g, ' ').trim();
}
