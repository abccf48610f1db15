/**
 * The table adapter: everything this extension knows about the page's records table
 * lives here. The table is found by its header texts alone (see `table-header.ts`);
 * its structure is read from what any table library must render: rows and cells, as
 * `<table>` elements or ARIA roles, a header either in the same table or in a sibling
 * one, and fixed columns possibly drawn a second time in overlay tables.
 */
import { cellText } from './dom-text';
import { COLUMN_KEYS, COLUMN_NAMES, headerText, mapHeaders, type ColumnKey } from './table-header';
import { cellsOf, headerRows, isHeaderCell, isRow, role } from './header-rows';

export interface RecordTable {
  headerRow: Element;
  /** Visual index of each recognised column. */
  columns: Partial<Record<ColumnKey, number>>;
  /** The element(s) whose children are data rows: tbody, role=rowgroup, or the grid. */
  bodyRoots: Element[];
  /** The outermost container of this table, overlays included: our toolbar goes before it. */
  anchor: Element;
  /** Fixed-column overlays that draw some columns of the same rows again, row for row. */
  overlays?: { headerRow: Element; bodyRoots: Element[] }[];
}

export interface TableRow {
  /** The primary row element; when fixed columns duplicate a row, the main one. */
  element: Element;
  /** Every rendering of the same row (main + fixed overlays), to hide or mark together. */
  allElements: Element[];
  /** Trimmed text of each recognised column's cell. */
  cells: Partial<Record<ColumnKey, string>>;
  /** Strings the row carries that may be its call's session id (see `carriedIds`). */
  ids: string[];
}

/** Marks the nodes this extension adds to the page's rows: never read as the page's own. */
export const OWN_NODE = 'data-tccc-own';

/** A header must name this many of the known columns, 时间 and a number among them. */
const MIN_COLUMNS = 6;
/** How far above a table to look for its fixed-column overlays. */
const OVERLAY_LEVELS = 3;
/** How far above a header-only table to look for the table holding its rows. */
const BODY_LEVELS = 4;

const GRID_ROLES = '[role="grid"], [role="table"], [role="treegrid"]';

// ── rows and cells ─────────────────────────────────────────────────────────────

function span(cell: Element): number {
  const n = Number(cell.getAttribute('colspan') ?? 1);
  return Number.isInteger(n) && n > 1 ? n : 1;
}

/** Cells by visual index: a cell spanning columns takes all their indexes' places. */
function cellsByIndex(row: Element): Map<number, Element> {
  const map = new Map<number, Element>();
  let index = 0;
  for (const cell of cellsOf(row)) {
    map.set(index, cell);
    index += span(cell);
  }
  return map;
}

interface Header {
  row: Element;
  columns: Partial<Record<ColumnKey, number>>;
  recognised: number;
  /** Normalised texts of all its cells, for matching overlays to it. */
  texts: string[];
}

function readHeader(row: Element): Header {
  const cells: { text: string; index: number }[] = [];
  let index = 0;
  for (const cell of cellsOf(row)) {
    cells.push({ text: cell.textContent ?? '', index });
    index += span(cell);
  }
  const columns = mapHeaders(cells);
  return { row, columns, recognised: Object.keys(columns).length, texts: cells.map((c) => headerText(c.text)) };
}

function headers(root: ParentNode): Header[] {
  return headerRows(root).map(readHeader);
}

/** A header the records table could have: enough known columns, the time, and a number. */
function isRecordsHeader(h: Header): boolean {
  return h.recognised >= MIN_COLUMNS && h.columns.time !== undefined && (h.columns.caller !== undefined || h.columns.callee !== undefined);
}

// ── where the rows are ─────────────────────────────────────────────────────────

function follows(a: Node, b: Node): boolean {
  return (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
}

function tableHasOwnHeader(table: HTMLTableElement): boolean {
  return [...table.querySelectorAll('thead tr')].some((r) => r.closest('table') === table && readHeader(r).recognised > 0);
}

/** Body sections of a `<table>` that hold rows other than the header. */
function rowSections(table: HTMLTableElement, header: Element | null): Element[] {
  return [...table.tBodies].filter((b) => [...b.children].some((r) => r !== header && isRow(r)));
}

/**
 * Header and rows in separate tables (Ant Design, Element UI with a fixed header):
 * the rows are in the first table after the header's one, near it, with no header of
 * its own.
 */
function siblingBodyTable(headerTable: HTMLTableElement): HTMLTableElement | null {
  let scope: Element | null = headerTable.parentElement;
  for (let level = 0; scope && level < BODY_LEVELS; level++, scope = scope.parentElement) {
    for (const t of scope.querySelectorAll('table')) {
      if (t === headerTable || headerTable.contains(t) || t.contains(headerTable) || !follows(headerTable, t)) continue;
      if (t.tBodies.length && !tableHasOwnHeader(t)) return t;
    }
  }
  return null;
}

function gridBody(header: Element): Element[] {
  const grid = header.closest(GRID_ROLES) ?? header.parentElement?.parentElement ?? header.parentElement;
  if (!grid) return [];
  const roots: Element[] = [];
  for (const row of grid.querySelectorAll('[role="row"]')) {
    if (row === header || cellsOf(row).some(isHeaderCell) || row.closest(GRID_ROLES) !== header.closest(GRID_ROLES)) continue;
    const parent = row.parentElement;
    if (parent && !roots.includes(parent)) roots.push(parent);
  }
  if (roots.length) return roots;
  // No rows yet: the row groups that do not hold the header will receive them.
  const groups = [...grid.querySelectorAll('[role="rowgroup"]')].filter((g) => !g.contains(header));
  return groups.length ? groups : [grid];
}

function findBody(header: Element): Element[] {
  if (header.tagName !== 'TR') return gridBody(header);
  const table = header.closest('table');
  if (!table) return [];
  const own = rowSections(table, header);
  if (own.length) return own;
  const sibling = siblingBodyTable(table);
  if (sibling) return [...sibling.tBodies];
  // An empty table: its (empty) body is where rows will appear.
  return table.tBodies.length ? [...table.tBodies] : [table];
}

/** Row elements under the body roots, in order, header excluded: the index overlays share. */
function rawRows(bodyRoots: Element[], header: Element): Element[] {
  const rows: Element[] = [];
  for (const root of bodyRoots) {
    const parent = root.tagName === 'TABLE' ? ((root as HTMLTableElement).tBodies[0] ?? root) : root;
    for (const child of parent.children) if (child !== header && isRow(child)) rows.push(child);
  }
  return rows;
}

// ── overlays and anchor ────────────────────────────────────────────────────────

function commonAncestor(nodes: Element[]): Element | null {
  let candidate: Element | null = nodes[0] ?? null;
  while (candidate && !nodes.every((n) => candidate!.contains(n))) candidate = candidate.parentElement;
  return candidate;
}

function isPageRoot(el: Element): boolean {
  return el === el.ownerDocument.body || el === el.ownerDocument.documentElement;
}

/**
 * Fixed-column overlays: other header rows near the table whose titles are all among
 * the main header's (only the fixed columns, or all of them again). Their rows pair with
 * the main rows only while they have as many (see `readRows`): an overlay may be drawn a
 * moment after the rows, or hold nothing while the table shows its loading row. Looking
 * further up stops at a level that holds a different table.
 */
function findOverlays(main: Header, bodyRoots: Element[], all: Header[]): { headerRow: Element; bodyRoots: Element[] }[] {
  const mainTexts = new Set(main.texts.filter(Boolean));
  let scope = commonAncestor([main.row, ...bodyRoots]);
  let found: { headerRow: Element; bodyRoots: Element[] }[] = [];
  for (let level = 0; scope && !isPageRoot(scope) && level < OVERLAY_LEVELS; level++, scope = scope.parentElement) {
    const here: typeof found = [];
    let foreign = false;
    for (const h of all) {
      if (h.row === main.row || !scope.contains(h.row) || bodyRoots.some((b) => b.contains(h.row))) continue;
      const texts = h.texts.filter(Boolean);
      const related = texts.length > 0 && texts.every((t) => mainTexts.has(t));
      const body = related ? findBody(h.row) : [];
      const shared = body.some((b) => bodyRoots.includes(b));
      if (related && !shared && body.length) here.push({ headerRow: h.row, bodyRoots: body });
      // One recognised title could be a row of data that happens to mention it; two is a table.
      else if (!shared && h.recognised >= 2) foreign = true;
    }
    if (foreign) break;
    found = here;
  }
  return found;
}

/** The outermost element that is still only this table: our toolbar goes before it. */
function findAnchor(parts: Element[]): Element {
  let anchor = commonAncestor(parts) ?? parts[0]!;
  // Never inside a table or grid: a toolbar before a tbody or a row group breaks it.
  anchor = anchor.closest('table') ?? anchor;
  if (['row', 'rowgroup'].includes(role(anchor))) anchor = anchor.closest(GRID_ROLES) ?? anchor;
  for (let p = anchor.parentElement; p && !isPageRoot(p) && p.children.length === 1; p = p.parentElement) anchor = p;
  return anchor;
}

// ── the API ────────────────────────────────────────────────────────────────────

/**
 * The records table under `root`, or null. Among header rows that name enough known
 * columns, the one naming the most wins; on a tie one that has rows, then the first in
 * the document, which is the main table because fixed-column overlays come after it.
 */
export function findRecordTable(root: ParentNode): RecordTable | null {
  try {
    const all = headers(root);
    let main: { h: Header; body: Element[]; rows: number } | null = null;
    for (const h of all) {
      if (!isRecordsHeader(h) || (main && h.recognised < main.h.recognised)) continue;
      const body = findBody(h.row);
      const rows = rawRows(body, h.row).length;
      if (!main || h.recognised > main.h.recognised || (rows > 0 && main.rows === 0)) main = { h, body, rows };
    }
    if (!main) return null;
    return assemble(main.h, main.body, all);
  } catch {
    return null;
  }
}

function assemble(main: Header, bodyRoots: Element[], all: Header[]): RecordTable {
  const overlays = findOverlays(main, bodyRoots, all);
  const anchor = findAnchor([main.row, ...bodyRoots, ...overlays.flatMap((o) => [o.headerRow, ...o.bodyRoots])]);
  return { headerRow: main.row, columns: { ...main.columns }, bodyRoots, anchor, overlays };
}

/**
 * Rows that are placeholders, not records: the empty state ("暂无数据" in one wide
 * cell), measuring rows (cells without text), hidden helper rows, header rows.
 */
function isDataRow(row: Element, columns: Partial<Record<ColumnKey, number>>, cells: Map<number, Element>): boolean {
  if (row.getAttribute('aria-hidden') === 'true') return false;
  const list = [...cells.values()];
  if (list.length === 0 || list.every(isHeaderCell)) return false;
  if (list.length === 1 && Object.keys(columns).length > 1) return false;
  return list.some((c) => (c.textContent ?? '').trim() !== '');
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const MAX_ID_LENGTH = 200;
/** Longer values (inline images, serialized state) are not looked into at all. */
const MAX_SCANNED_LENGTH = 2000;
const NOT_IDS = new Set(['class', 'style']);

/**
 * What in a row could be its call's session id: whole cell texts and attribute values (a
 * 会话ID column, a `data-row-key`), and uuids inside longer ones (a recording link's
 * path). Which of them is one, only the page's data can say. Our own nodes are skipped.
 */
function carriedIds(renderings: Element[], cells: Iterable<Element>): string[] {
  const out = new Set<string>();
  const add = (value: string) => {
    const v = value.trim();
    if (!v || v.length > MAX_SCANNED_LENGTH) return;
    if (v.length <= MAX_ID_LENGTH) out.add(v);
    for (const m of v.matchAll(UUID)) out.add(m[0]);
  };
  for (const cell of cells) add(cellText(cell));
  for (const rendering of renderings) {
    if (rendering.closest(`[${OWN_NODE}]`)) continue;
    // Our nodes in the row, asked once: asking each element for an own ancestor costs a
    // climb to the document's root, for every element of a hundred rows at each look.
    const own = [...rendering.querySelectorAll(`[${OWN_NODE}]`)];
    for (const el of [rendering, ...rendering.querySelectorAll('*')]) {
      if (own.length && own.some((o) => o.contains(el))) continue;
      for (const attr of el.attributes) if (!NOT_IDS.has(attr.name)) add(attr.value);
    }
  }
  return [...out];
}

/**
 * The table's overlays as they are now. One not there when the table was found (the page
 * draws it with the first rows), or drawn anew since, is looked for again.
 */
function currentOverlays(table: RecordTable): { headerRow: Element; bodyRoots: Element[] }[] {
  const known = table.overlays ?? [];
  if (known.length && known.every((o) => o.headerRow.isConnected && o.bodyRoots.every((b) => b.isConnected))) return known;
  const all = headers(table.headerRow.ownerDocument);
  const header = all.find((h) => h.row === table.headerRow) ?? readHeader(table.headerRow);
  table.overlays = findOverlays(header, table.bodyRoots, all);
  return table.overlays;
}

/** Whether the page still shows this table: else it is to be looked for again. */
export function isAttached(table: RecordTable): boolean {
  return table.headerRow.isConnected && table.anchor.isConnected && table.bodyRoots.every((b) => b.isConnected);
}

/** Where the table's rows are drawn, overlays included: what to watch for new rows. */
export function rowRoots(table: RecordTable): Element[] {
  return [...table.bodyRoots, ...currentOverlays(table).flatMap((o) => o.bodyRoots)];
}

/**
 * The rows of the table. `ids: false` leaves out what they carry (`ids` empty), for looks
 * that only tell whether the rows changed: reading every attribute is most of the cost.
 */
export function readRows(table: RecordTable, { ids = true }: { ids?: boolean } = {}): TableRow[] {
  const rows: TableRow[] = [];
  try {
    const main = rawRows(table.bodyRoots, table.headerRow);
    // An overlay pairs row for row only while it draws as many rows (not while it is still empty, say).
    const overlayRows = currentOverlays(table)
      .map((o) => rawRows(o.bodyRoots, o.headerRow))
      .filter((list) => list.length === main.length);
    main.forEach((row, i) => {
      const byIndex = cellsByIndex(row);
      if (!isDataRow(row, table.columns, byIndex)) return;
      const cells: Partial<Record<ColumnKey, string>> = {};
      for (const key of COLUMN_KEYS) {
        const index = table.columns[key];
        const cell = index === undefined ? undefined : byIndex.get(index);
        if (cell) cells[key] = cellText(cell);
      }
      const allElements = [row];
      for (const list of overlayRows) {
        const twin = list[i];
        if (twin && !allElements.includes(twin)) allElements.push(twin);
      }
      rows.push({ element: row, allElements, cells, ids: ids ? carriedIds(allElements, byIndex.values()) : [] });
    });
  } catch {
    /* a table torn down mid-read gives the rows read so far */
  }
  return rows;
}

/** One header row that names at least one known column: what diagnostics say of the page's tables. */
export interface TableCandidate {
  kind: 'table' | 'grid';
  /** The header's cell texts, each cut to 24 characters: column names, never data. */
  headers: string[];
  found: ColumnKey[];
  missing: ColumnKey[];
  /** Data rows under it, when it is the records table. */
  rows: number | null;
}

export function tableCandidates(root: ParentNode): TableCandidate[] {
  const main = findRecordTable(root);
  const rows = main ? readRows(main).length : null;
  try {
    return headers(root)
      .filter((h) => h.recognised > 0)
      .slice(0, 8)
      .map((h) => ({
        kind: h.row.closest('table') ? ('table' as const) : ('grid' as const),
        headers: h.texts.map((t) => t.slice(0, 24)),
        found: COLUMN_KEYS.filter((k) => h.columns[k] !== undefined),
        missing: COLUMN_KEYS.filter((k) => h.columns[k] === undefined),
        rows: main?.headerRow === h.row ? rows : null,
      }));
  } catch {
    return [];
  }
}

/**
 * Why there is no usable records table, for the notice and the diagnostics report:
 * `no-table` (no header names any known column), `missing-headers` (the best header lacks
 * these, by their first names), `no-rows` (found, but no data rows), or `ok`.
 */
export type TableDiagnosis = { kind: 'ok' } | { kind: 'no-rows' } | { kind: 'no-table' } | { kind: 'missing-headers'; missing: string[] };

export function tableDiagnosis(root: ParentNode): TableDiagnosis {
  const table = findRecordTable(root);
  if (table) return { kind: readRows(table).length ? 'ok' : 'no-rows' };
  let best: Header | null = null;
  try {
    for (const h of headers(root)) if (h.recognised > 0 && (!best || h.recognised > best.recognised)) best = h;
  } catch {
    /* fall through to no-table */
  }
  if (!best) return { kind: 'no-table' };
  const seedName = (k: ColumnKey) => COLUMN_NAMES[k][0]!;
  const required: string[] = [];
  if (best.columns.time === undefined) required.push(seedName('time'));
  if (best.columns.caller === undefined && best.columns.callee === undefined) required.push(seedName('caller'), seedName('callee'));
  const missing = required.length ? required : COLUMN_KEYS.filter((k) => best.columns[k] === undefined).map(seedName);
  return { kind: 'missing-headers', missing };
}

/** The diagnosis as the diagnostics report states it, e.g. `ok` or `missing-headers: 时间, 主叫号码`. */
export function diagnosisText(diagnosis: TableDiagnosis): string {
  return diagnosis.kind === 'missing-headers' ? `missing-headers: ${diagnosis.missing.join(', ')}` : diagnosis.kind;
}

export const diagnoseTable = (root: ParentNode): string => diagnosisText(tableDiagnosis(root));
