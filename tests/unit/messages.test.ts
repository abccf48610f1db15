import { describe, expect, it } from 'vitest';
import { isMessage, isTrustedSender } from '../../utils/messages';

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
});
