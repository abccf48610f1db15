import { browser } from 'wxt/browser';
import type zhCN from '../public/_locales/zh_CN/messages.json';

export type MessageKey = keyof typeof zhCN;

/** A translated UI string; the key itself when the locale lacks it, so nothing shows blank. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const subs = substitutions.map(String);
  return browser.i18n.getMessage(key, subs) || key;
}
