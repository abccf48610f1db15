/**
 * The page's own page-size selector, found near its pager by what it says (`20 条/页`,
 * `20 / page`), never by class name: a native `<select>`, or a dropdown of Tencent's console
 * kit (a button that opens a list of options in a layer elsewhere in the document). Part of
 * the table adapter; collect-all switches it to its largest size and back.
 */
import type { Pager } from './table-pager';

/** `20 条/页`, `20条每页`, `20 / page`, `20 per page`, `20 items/page`. */
const SIZE_TEXT = /^\s*(\d{1,4})\s*(?:条\s*\/\s*页|条每页|条|\/\s*(?:页|page)|per\s+page|items?\s*\/\s*page|rows?)\s*$/i;
const SEARCH_LEVELS = 4;
const TRIGGERS = 'button, [role="button"], [role="combobox"], [aria-haspopup], [tabindex]';
const OPTIONS = '[role="option"], [role="menuitem"], [role="menuitemradio"], li';

export function sizeInText(text: string | null | undefined): number | null {
  const m = SIZE_TEXT.exec(text ?? '');
  return m ? Number(m[1]) : null;
}

export type SizeControl =
  | { kind: 'select'; select: HTMLSelectElement; current: number; sizes: number[] }
  | { kind: 'dropdown'; trigger: Element; current: number };

function asSelect(select: HTMLSelectElement): SizeControl | null {
  const sizes = [...select.options].map((o) => sizeInText(o.textContent));
  if (sizes.length < 2 || sizes.some((s) => s === null)) return null;
  const current = sizes[select.selectedIndex];
  return current ? { kind: 'select', select, current, sizes: sizes as number[] } : null;
}

/** The innermost clickable element in `scope` that reads as a page size: the dropdown's face. */
function dropdownIn(scope: Element): SizeControl | null {
  const faces = [...scope.querySelectorAll(TRIGGERS)].filter(
    (el) => el.tagName !== 'SELECT' && el.tagName !== 'OPTION' && sizeInText(el.textContent) !== null,
  );
  const trigger = faces.find((el) => !faces.some((other) => other !== el && el.contains(other)));
  return trigger ? { kind: 'dropdown', trigger, current: sizeInText(trigger.textContent)! } : null;
}

/** The size selector nearest the pager, if the page has one. */
export function findPageSizeControl(pager: Pager): SizeControl | null {
  let scope: Element | null = pager.scope ?? pager.next.parentElement;
  for (let level = 0; scope && level < SEARCH_LEVELS; level++, scope = scope.parentElement) {
    for (const select of scope.querySelectorAll('select')) {
      const control = asSelect(select);
      if (control) return control;
    }
    const dropdown = dropdownIn(scope);
    if (dropdown) return dropdown;
  }
  return null;
}

/** The options an opened dropdown shows, anywhere in the document (its layer is often under `<body>`). */
export function openSizeOptions(doc: Document, trigger: Element): { element: Element; size: number }[] {
  const found = [...doc.querySelectorAll(OPTIONS)]
    .filter((el) => !trigger.contains(el) && !el.closest('tccc-record-tools') && (el as HTMLElement).checkVisibility?.() !== false)
    .map((element) => ({ element, size: sizeInText(element.textContent) }))
    .filter((o): o is { element: Element; size: number } => o.size !== null);
  return found.filter((o) => !found.some((other) => other !== o && o.element.contains(other.element)));
}

/** The new size chosen in a native select, told to the page as a person's choice would be. */
export function chooseInSelect(control: Extract<SizeControl, { kind: 'select' }>, size: number): boolean {
  const index = control.sizes.indexOf(size);
  if (index < 0) return false;
  control.select.selectedIndex = index;
  control.select.dispatchEvent(new Event('input', { bubbles: true }));
  control.select.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
}
