/** Long digit runs are phone numbers or ids: they never leave the machine in a report. */
export function redact(text: string): string {
  return text.replace(/\d{5,}/g, (digits) => `${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`);
}

export interface DiagnosticsInput {
  version: string;
  userAgent: string;
  url: string;
  table: string;
  rows: number;
  extra?: Record<string, unknown>;
}

/** A plain-text report a user can paste into a support ticket. */
export function diagnosticsReport(input: DiagnosticsInput): string {
  let where = input.url;
  try {
    const u = new URL(input.url);
    // The query string can carry a login token; the hash route is what matters.
    where = `${u.origin}${u.pathname}${u.hash.split('?')[0]}`;
  } catch {
    /* keep as is */
  }
  const lines = [
    `TCCC 录音助手 ${input.version}`,
    `browser: ${input.userAgent}`,
    `page: ${where}`,
    `table: ${input.table}`,
    `rows: ${input.rows}`,
    ...Object.entries(input.extra ?? {}).map(([k, v]) => `${k}: ${JSON.stringify(v)}`),
  ];
  return redact(lines.join('\n'));
}
