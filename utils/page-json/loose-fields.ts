/**
 * Field access that does not care how the server spells a key: `SessionId`,
 * `sessionId`, `session_id` and `SESSIONID` are one field. The page's JSON casing is
 * unknown, so every reader of raw records goes through here.
 */
export type LooseFields = ReadonlyMap<string, unknown>;

/** The canonical spelling of a key: lower case, without `_` and `-`. */
export function looseKey(key: string): string {
  return key.replace(/[_-]/g, '').toLowerCase();
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The object's own fields by canonical key. Reads every value once, so a throwing
 * getter throws here, where the caller has its one try. When two spellings of one key
 * are both present, the first that has a value wins.
 */
export function looseFields(obj: Record<string, unknown>): LooseFields {
  const out = new Map<string, unknown>();
  for (const key of Object.keys(obj)) {
    const k = looseKey(key);
    const previous = out.get(k);
    if (previous === undefined || previous === null) out.set(k, obj[key]);
  }
  return out;
}

/** The first of `names` (canonical keys) that is present and not null. */
export function pick(fields: LooseFields, ...names: string[]): unknown {
  for (const name of names) {
    const v = fields.get(name);
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/** A number from a number or a numeric string ("12", " 1700000000 "); null otherwise. */
export function looseNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

/** A trimmed string from a string or a number; '' for anything else. */
export function looseString(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}
