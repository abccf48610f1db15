/**
 * The masks a diagnostics report goes through: what could still name a person, a call or a
 * login once the report is built from shapes, names and counts (an id in the route, an
 * e-mail in an error message, a link with its token).
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** Hex of this length with a digit in it is an id or a hash, not a word. */
const LONG_HEX = /\b(?=[a-f]*\d)(?=\d*[a-f])[0-9a-f]{12,}\b/gi;
/** Letters and digits mixed at this length are a token (base64, a signature). */
const TOKEN = /[A-Za-z0-9_-]{16,}/g;
/** Digit groups split by spaces or dashes, as phone numbers are written: +86 138-1234-5678. */
const GROUPED_DIGITS = /\+?\d+(?:[ -]\d+){2,}/g;
const PHONE_DIGITS = 7;

const mixed = (s: string) => /\d/.test(s) && /[A-Za-z]/.test(s);
const digitCount = (s: string) => s.replace(/\D/g, '').length;

/** Ids in a path, a route or a key, each as `<id>`: UUIDs, long hex, tokens, runs of 4 digits or more (工号 are 4). */
export function maskIds(text: string): string {
  return text
    .replace(UUID, '<id>')
    .replace(LONG_HEX, '<id>')
    .replace(TOKEN, (t) => (mixed(t) ? '<id>' : t))
    .replace(/\d{4,}/g, '<id>');
}

/** Whether an object key is a value used as a key (an e-mail, an id, a phone number), not a field name. */
export function looksLikeValue(key: string): boolean {
  return new RegExp(EMAIL.source).test(key) || maskIds(key) !== key || digitCount(key) >= 5;
}

/** Long digit runs are phone numbers or ids: they never leave the machine, only their ends show. */
function hideDigits(text: string): string {
  return text.replace(/\d{5,}/g, (digits) => `${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`);
}

/**
 * Free text made safe to paste: absolute URLs cut to their origin and relative links to
 * their path (their paths and queries carry tokens), e-mails, UUIDs, long hex and phone
 * numbers hidden.
 */
export function redact(text: string): string {
  return hideDigits(
    text
      .replace(/https?:\/\/[^\s"'<>]+/g, (url) => {
        try {
          return `${new URL(url).origin}/…`;
        } catch {
          return '<url>';
        }
      })
      .replace(EMAIL, '<email>')
      .replace(/([\w\-./~%]*)\?[^\s"'<>=]*=[^\s"'<>]*/g, (_, path: string) => `${maskIds(path)}?…`)
      .replace(UUID, '<id>')
      .replace(LONG_HEX, '<id>')
      .replace(GROUPED_DIGITS, (d) => (digitCount(d) >= PHONE_DIGITS ? '<phone>' : d)),
  );
}
