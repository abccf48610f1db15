/**
 * Whether this worker start follows a browser restart (not a crash, an idle stop or an
 * update): session storage lives as long as the browser, so a start that finds no mark of a
 * worker this session, with the version the last worker ran, is the browser's. After an
 * update session storage is empty too, but the old worker's downloads may still be listed.
 */
export function isBrowserRestart(start: { ranThisSession: boolean; lastVersion: string; version: string }): boolean {
  return !start.ranThisSession && start.lastVersion === start.version;
}
