import { describe, expect, it } from 'vitest';
import { isAcceptedFrom, isMessage, isTabMessage, senderSide, type Message } from '../../utils/extension/messages';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

describe('who may talk to the background', () => {
  const POPUP = { id: ID, url: `${ORIGIN}popup.html` };
  const OPTIONS_TAB = { id: ID, url: `${ORIGIN}options.html`, tab: { id: 3 } };
  const WORKBENCH_TAB = { id: ID, url: 'https://tccc.qcloud.com/saas-manage/#/1400000000/x', tab: { id: 7 }, frameId: 0 };
  const accepted = (message: unknown, sender: Parameters<typeof senderSide>[0]) => isAcceptedFrom(message as Message, sender, ID, ORIGIN);

  it('knows the extension’s own pages, in a tab or not', () => {
    expect(senderSide(POPUP, ID, ORIGIN)).toBe('extension-page');
    expect(senderSide(OPTIONS_TAB, ID, ORIGIN)).toBe('extension-page');
  });

  it('knows its content scripts only in workbench tabs', () => {
    expect(senderSide(WORKBENCH_TAB, ID, ORIGIN)).toBe('workbench-tab');
    expect(senderSide({ id: ID, url: 'https://evil.example/', tab: {} }, ID, ORIGIN)).toBeNull();
    expect(senderSide({ id: ID, url: 'https://tccc.qcloud.com/' }, ID, ORIGIN)).toBeNull();
  });

  it('refuses other extensions and senders without a url', () => {
    expect(senderSide({ id: 'other', url: `${ORIGIN}popup.html` }, ID, ORIGIN)).toBeNull();
    expect(senderSide({ id: ID }, ID, ORIGIN)).toBeNull();
    expect(senderSide({ id: ID, url: 'chrome-extension://other/popup.html' }, ID, ORIGIN)).toBeNull();
  });

  it('takes the popup’s and the options’ messages only from extension pages: a page cannot drive the queue’s controls', () => {
    for (const message of [{ type: 'batches' }, { type: 'batch-action', batchId: 'b', action: 'cancel' }, { type: 'ping' }]) {
      expect(accepted(message, POPUP), message.type).toBe(true);
      expect(accepted(message, OPTIONS_TAB), message.type).toBe(true);
      expect(accepted(message, WORKBENCH_TAB), message.type).toBe(false);
    }
  });

  it('takes the page’s messages only from workbench tabs: an extension page does not pose as a page', () => {
    const recipe = { method: 'GET', url: ['/cdr/recordUrl?SessionId=', ''], body: null, headers: [] };
    for (const message of [
      { type: 'enqueue', upload: 'u', part: 0, parts: 1, records: '[]', pageUrl: 'https://tccc.qcloud.com/' },
      { type: 'load-tools' },
      { type: 'links-wanted' },
      { type: 'fresh-links', links: [] },
      { type: 'link-recipe', recipe },
      { type: 'known-link-recipe' },
    ]) {
      expect(accepted(message, WORKBENCH_TAB), message.type).toBe(true);
      expect(accepted(message, POPUP), message.type).toBe(false);
      expect(accepted(message, { id: ID, url: 'https://evil.example/', tab: { id: 1 } }), message.type).toBe(false);
    }
  });

  it('knows each message by its shape', () => {
    expect(isMessage({ type: 'ping' })).toBe(true);
    expect(isMessage({ type: 'enqueue', upload: 'u', part: 0, parts: 1, records: '[]', pageUrl: 'https://tccc.qcloud.com/' })).toBe(true);
    // Records come as wire text, a part of an upload: a list of objects is not the form.
    expect(isMessage({ type: 'enqueue', records: [], pageUrl: 'https://tccc.qcloud.com/' })).toBe(false);
    expect(isMessage({ type: 'enqueue', upload: 'u', part: 0.5, parts: 1, records: '[]', pageUrl: '' })).toBe(false);
    expect(isMessage({ type: 'enqueue', upload: 'u'.repeat(65), part: 0, parts: 1, records: '[]', pageUrl: '' })).toBe(false);
    expect(isMessage({ type: 'nope' })).toBe(false);
    expect(isMessage(null)).toBe(false);
    expect(isMessage('ping')).toBe(false);
  });

  it('takes fresh links only as a list of session ids with links', () => {
    expect(isMessage({ type: 'load-tools' })).toBe(true);
    expect(isMessage({ type: 'links-wanted' })).toBe(true);
    expect(isMessage({ type: 'fresh-links', links: [{ sessionId: 's', recordUrl: 'https://tccc.qcloud.com/x.mp3' }] })).toBe(true);
    expect(isMessage({ type: 'fresh-links', links: [{ sessionId: 's' }] })).toBe(false);
    expect(isMessage({ type: 'fresh-links', links: 'x' })).toBe(false);
    expect(isMessage({ type: 'fresh-links', links: [], unavailable: [{ sessionId: 's', reason: 'needs-click' }] })).toBe(true);
    expect(isMessage({ type: 'fresh-links', links: [], unavailable: [{ sessionId: 's', reason: 'whatever' }] })).toBe(false);
    expect(isMessage({ type: 'fresh-links', links: Array.from({ length: 50_001 }, () => ({ sessionId: 's', recordUrl: 'u' })) })).toBe(
      false,
    );
  });

  it('takes a link recipe only in its exact shape', () => {
    const recipe = { method: 'GET', url: ['/cdr/recordUrl?SessionId=', ''], body: null, headers: [['X-Csrf', 't']] };
    expect(isMessage({ type: 'link-recipe', recipe })).toBe(true);
    expect(isMessage({ type: 'link-recipe', recipe: { ...recipe, method: 'DELETE' } })).toBe(false);
    expect(isMessage({ type: 'link-recipe', recipe: { ...recipe, url: [] } })).toBe(false);
    expect(isMessage({ type: 'link-recipe', recipe: { ...recipe, headers: [['a', 'b', 'c']] } })).toBe(false);
    expect(isMessage({ type: 'link-recipe', recipe: { ...recipe, body: 'x' } })).toBe(false);
    expect(isMessage({ type: 'link-recipe', recipe: { ...recipe, urlForm: 'uri', bodyForm: 'json' } })).toBe(true);
    expect(isMessage({ type: 'link-recipe', recipe: { ...recipe, urlForm: 'base64' } })).toBe(false);
    expect(isMessage({ type: 'known-link-recipe' })).toBe(true);
    // Within the bounds of a request the page makes.
    expect(isMessage({ type: 'link-recipe', recipe: { ...recipe, url: ['x'.repeat(10_000), ''] } })).toBe(false);
    expect(isMessage({ type: 'link-recipe', recipe: { ...recipe, headers: Array.from({ length: 65 }, () => ['a', 'b']) } })).toBe(false);
    expect(isMessage({ type: 'link-recipe', recipe: { ...recipe, headers: [['a', 'b'.repeat(10_000)]] } })).toBe(false);
    expect(isMessage({ type: 'link-recipe', recipe: { ...recipe, method: 'POST', body: ['{"id":"', 'x'.repeat(70_000)] } })).toBe(false);
  });

  it('lets the page tools take only the background’s call for links, and a recipe another tab learned', () => {
    const recipe = { method: 'GET', url: ['/cdr/recordUrl?SessionId=', ''], body: null, headers: [] };
    expect(isTabMessage({ type: 'link-recipe', recipe })).toBe(true);
    expect(isTabMessage({ type: 'link-recipe', recipe: { ...recipe, method: 'PUT' } })).toBe(false);
    expect(isTabMessage({ type: 'link-recipe', recipe, sdkAppId: '1400000000' })).toBe(true);
    expect(isTabMessage({ type: 'link-recipe', recipe, sdkAppId: '../x' })).toBe(false);
    expect(isTabMessage({ type: 'need-links', wanted: ['a'], welcome: [], ahead: 12 })).toBe(true);
    expect(isTabMessage({ type: 'need-links', wanted: [1], welcome: [], ahead: 12 })).toBe(false);
    expect(isTabMessage({ type: 'need-links', wanted: ['a'], welcome: [] })).toBe(false);
    expect(isTabMessage({ type: 'enqueue', records: [] })).toBe(false);
    expect(isTabMessage(undefined)).toBe(false);
  });
});
