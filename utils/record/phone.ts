/**
 * Phone numbers as the TCCC API gives them (`008613012345678`, `0086075500000`, or a
 * protected `138****5678`) and as a person reads them. Tap records and table rows both
 * go through here, so the two sources show a number the same way and can be joined.
 */

/** The number without the international prefix for China (`0086`, `+86`). */
export function displayNumber(raw: string): string {
  const s = raw.trim();
  if (s.startsWith('0086')) return s.slice(4).trimStart();
  if (s.startsWith('+86')) return s.slice(3).trimStart();
  return s;
}

/**
 * Digits only, without the China prefix: `0086 138-1234-5678`, `+8613812345678` and
 * `13812345678` give one key. A bare `86` is dropped only when a full number (≥ 9
 * digits) remains, so a short local number that happens to start with 86 is kept.
 */
export function numberKey(raw: string): string {
  let d = raw.replace(/\D+/g, '');
  if (d.startsWith('0086')) d = d.slice(4);
  else if (d.startsWith('86') && d.length - 2 >= 9) d = d.slice(2);
  return d;
}
