import { describe, expect, it } from 'vitest';
import { isMessage, isTabMessage, isTrustedSender } from '../../utils/messages';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

describe('who may talk to the background', () => {
  it('accepts the extension’s own pages', () => {
    expect(isTrustedSender({ id: ID, url: `${ORIGIN}popup.html` }, ID, ORIGIN)).toBe(true);
    expect(isTrustedSender({ id: ID, url: `${ORIGIN}options.html`, tab: {} }, ID, ORIGIN)).toBe(true);
  });

  it('accepts its content scripts only on the workbench', () => {
    expect(isTrustedSender({ id: ID, url: 'https://tccc.qcloud.com/saas-manage/#/1/x', tab: {} }, ID, ORIGIN)).toBe(true);
    expect(isTrustedSender({ id: ID, url: 'https://evil.example/', tab: {} }, ID, ORIGIN)).toBe(false);
    expect(isTrustedSender({ id: ID, url: 'https://tccc.qcloud.com/' }, ID, ORIGIN)).toBe(false);
  });

  it('refuses other extensions and senders without a url', () => {
    expect(isTrustedSender({ id: 'other', url: `${ORIGIN}popup.html` }, ID, ORIGIN)).toBe(false);
    expect(isTrustedSender({ id: ID }, ID, ORIGIN)).toBe(false);
    expect(isTrustedSender({ id: ID, url: 'chrome-extension://other/popup.html' }, ID, ORIGIN)).toBe(false);
  });

  it('knows each message by its shape', () => {
    expect(isMessage({ type: 'ping' })).toBe(true);
    expect(isMessage({ type: 'enqueue', records: [], pageUrl: 'https://tccc.qcloud.com/' })).toBe(true);
    expect(isMessage({ type: 'enqueue', records: 'x', pageUrl: '' })).toBe(false);
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
    expect(isMessage({ type: 'fresh-links', links: Array.from({ length: 50_001 }, () => ({ sessionId: 's', recordUrl: 'u' })) })).toBe(false);
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
    expect(isMessage({ type: 'link-recipe?' })).toBe(true);
  });

  it('lets the page tools take only the background’s call for links, and a recipe another tab learned', () => {
    const recipe = { method: 'GET', url: ['/cdr/recordUrl?SessionId=', ''], body: null, headers: [] };
    expect(isTabMessage({ type: 'link-recipe', recipe })).toBe(true);
    expect(isTabMessage({ type: 'link-recipe', recipe: { ...recipe, method: 'PUT' } })).toBe(false);
    expect(isTabMessage({ type: 'need-links', wanted: ['a'], welcome: [], ahead: 12 })).toBe(true);
    expect(isTabMessage({ type: 'need-links', wanted: [1], welcome: [], ahead: 12 })).toBe(false);
    expect(isTabMessage({ type: 'need-links', wanted: ['a'], welcome: [] })).toBe(false);
    expect(isTabMessage({ type: 'enqueue', records: [] })).toBe(false);
    expect(isTabMessage(undefined)).toBe(false);
  });
});
