/** Runs a step of the tap where a failure must stay in the tap and never reach the page. */
export function quietly(step: () => void): void {
  try {
    step();
  } catch {
    /* never let the tap disturb the page */
  }
}

/** A wrapper that reports the original's name and arity, which pages and their libraries may check. */
export function disguisedAs<T extends object>(wrapper: object, original: T): T {
  quietly(() => {
    for (const key of ['name', 'length']) Object.defineProperty(wrapper, key, { value: Reflect.get(original, key), configurable: true });
  });
  return wrapper as T;
}

/** Request headers in any form fetch takes them, as pairs of text; none when they cannot be read. */
export function headerList(headers: unknown): [string, string][] {
  try {
    if (!headers) return [];
    const entries: Iterable<[string, string]> =
      typeof (headers as Headers).forEach === 'function' && !Array.isArray(headers)
        ? [...(headers as Headers).entries()]
        : Array.isArray(headers)
          ? (headers as [string, string][])
          : Object.entries(headers as Record<string, string>);
    return [...entries].filter((h) => Array.isArray(h) && h.length === 2).map(([k, v]) => [String(k), String(v)]);
  } catch {
    return [];
  }
}
