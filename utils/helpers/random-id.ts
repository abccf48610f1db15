/** `mfq3x1c0-k2j9f4`: when (base 36), then random letters; unique enough for a batch or a ticket. */
export function randomId(at: number = Date.now()): string {
  return `${at.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
