/**
 * Which workbench tab may give links for which queued call. A link request learned on one
 * workbench app (SdkAppId) asks that app's server with that app's login; another app's
 * calls are not its to answer, and an answer from its tab (a page script there can forge
 * one) must not swap their links. So a tab serves the calls of its own app; a call recorded
 * where the page's route named no app (see record.ts) has nothing better to go by and is
 * served by any workbench tab.
 */
import type { CallRecord } from '../record/record';

export function servesCall(tabApp: string | null, record: Pick<CallRecord, 'sdkAppId'>): boolean {
  return record.sdkAppId === undefined || record.sdkAppId === tabApp;
}
