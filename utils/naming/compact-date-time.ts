/** `5` → `05`: months, days, hours, minutes and seconds in names. */
export function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `20261124-093005` in local time: sorts by time and reads at a glance. */
export function compactDateTime(unixSeconds: number | null): string {
  if (unixSeconds === null) return 'unknown-time';
  const d = new Date(unixSeconds * 1000);
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}
