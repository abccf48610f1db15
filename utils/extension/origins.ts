/** The only page the extension works on, and the only hosts it downloads from (see recording-link.ts). */
export const WORKBENCH_ORIGIN = 'https://tccc.qcloud.com';

/** Its pages as a match pattern: where the content scripts run, the host permission, the tabs asked. */
export const WORKBENCH_MATCH = `${WORKBENCH_ORIGIN}/*`;

/** Tencent COS, where TCCC keeps recordings. */
export const COS_HOST_SUFFIXES = ['.myqcloud.com', '.tencentcos.cn'];

export function isWorkbenchUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return new URL(url).origin === WORKBENCH_ORIGIN;
  } catch {
    return false;
  }
}

/** A bucket's host under a COS domain (never the bare domain). */
export function isCosHost(hostname: string): boolean {
  return COS_HOST_SUFFIXES.some((suffix) => hostname.endsWith(suffix) && hostname.length > suffix.length);
}

/**
 * The workbench app (SdkAppId) of a workbench page, from its hash route
 * `/saas-manage/#/<SdkAppId>/...` (a query may follow); null where the route names none.
 */
export function workbenchAppOf(url: string | undefined): string | null {
  if (!isWorkbenchUrl(url)) return null;
  const m = /^#\/(\d{1,20})(?=[/?]|$)/.exec(new URL(url!).hash);
  return m ? m[1]! : null;
}
