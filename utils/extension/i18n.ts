import { browser } from 'wxt/browser';
import type zhCN from '../../public/_locales/zh_CN/messages.json';

export type MessageKey = keyof typeof zhCN;

/**
 * Texts without substitutions, asked once: the bar renders on every chip click, and each
 * `getMessage` is a call into the browser's bindings. The locale does not change while a
 * page lives.
 */
const plain = new Map<MessageKey, string>();

/** A translated UI string; the key itself when the locale lacks it, so nothing shows blank. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  if (!substitutions.length) {
    let text = plain.get(key);
    if (text === undefined) {
      text = browser.i18n.getMessage(key) || key;
      plain.set(key, text);
    }
    return text;
  }
  return browser.i18n.getMessage(key, substitutions.map(String)) || key;
}
