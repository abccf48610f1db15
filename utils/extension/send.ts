import { browser } from 'wxt/browser';
import type { Message, ReplyTo, TabMessage, TabReplies } from './messages';

/** A message to the background, checked against the protocol, with the reply it gets. */
export function send<M extends Message>(message: M): Promise<ReplyTo<M['type']>> {
  return browser.runtime.sendMessage(message) as Promise<ReplyTo<M['type']>>;
}

/** A message from the background to the scripts in a tab, with what they answer. */
export function sendToTab<M extends TabMessage>(tabId: number, message: M): Promise<TabReplies[M['type']]> {
  return browser.tabs.sendMessage(tabId, message) as Promise<TabReplies[M['type']]>;
}
