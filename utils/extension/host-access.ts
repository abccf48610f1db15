import { WORKBENCH_MATCH } from './origins';
import type { MessageKey } from './i18n';

/** The extension's one host permission, as the manifest asks for it. */
export const WORKBENCH_PERMISSION = { origins: [WORKBENCH_MATCH] };

export interface Badge {
  text: string;
  color: string;
  /** A message name for the toolbar button's tooltip; the extension's name when null. */
  title: MessageKey | null;
}

/**
 * The toolbar badge. Without host access (Firefox makes MV3 host permissions opt-in; a user
 * may withdraw them anywhere) nothing runs on the workbench and its page cannot say so: the
 * badge does, and the popup says what to do. Otherwise it counts the recordings left.
 */
export function badgeOf(hostAccess: boolean, left: number): Badge {
  if (!hostAccess) return { text: '!', color: '#d54941', title: 'hostAccessNeeded' };
  return { text: left ? String(left) : '', color: '#006eff', title: null };
}
