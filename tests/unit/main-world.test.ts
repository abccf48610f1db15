import { describe, expect, it } from 'vitest';
import { isPageRequest, readTapAnswer, readTapPayload } from '../../utils/page-requests/main-world';
import { MAX_BODY_CHARS } from '../../utils/page-requests/tap';

const request = {
  method: 'POST',
  url: 'https://tccc.qcloud.com/tcccadmin/list',
  body: '{"PageNumber":0}',
  headers: [['X-Csrf-Code', 'abc']],
};

describe('what the page’s main world sends the page tools', () => {
  it('takes a forwarded response in its exact shape, with its request', () => {
    const detail = JSON.stringify({ url: request.url, body: '{"data":[]}', request });
    expect(readTapPayload(detail)).toEqual({ url: request.url, body: '{"data":[]}', request });
  });

  it('keeps a response but not a request out of shape or size', () => {
    for (const bad of [
      { ...request, headers: Array.from({ length: 65 }, () => ['a', 'b']) },
      { ...request, headers: [['a', 'b', 'c']] },
      { ...request, body: 'b'.repeat(70_000) },
      { ...request, url: `https://tccc.qcloud.com/${'u'.repeat(9_000)}` },
      { ...request, method: 42 },
    ]) {
      expect(readTapPayload(JSON.stringify({ url: request.url, body: '{}', request: bad }))).toEqual({ url: request.url, body: '{}' });
      expect(isPageRequest(bad)).toBe(false);
    }
  });

  it('refuses events that are not the tap’s: other types, other shapes, too large', () => {
    for (const bad of [
      undefined,
      42,
      { url: request.url, body: '{}' },
      '{"url":1,"body":"{}"}',
      '{"url":"u"}',
      '[1,2]',
      'not json',
      JSON.stringify({ url: request.url, body: 'x'.repeat(MAX_BODY_CHARS + 1) }),
    ]) {
      expect(readTapPayload(bad)).toBeNull();
    }
  });

  it('takes an answer only with a ticket, a status the web knows and a text body', () => {
    expect(readTapAnswer('{"ticket":"t1","status":200,"body":"{}"}')).toEqual({ ticket: 't1', status: 200, body: '{}' });
    for (const bad of [
      '{"ticket":"t1","status":"200","body":"{}"}',
      '{"ticket":"t1","status":1e6,"body":"{}"}',
      '{"ticket":"t1","status":-1,"body":"{}"}',
      '{"ticket":"t1","status":200,"body":{"RecordURL":"x"}}',
      `{"ticket":"${'t'.repeat(100)}","status":200,"body":""}`,
      '{"status":200,"body":""}',
      { ticket: 't1', status: 200, body: '' },
    ]) {
      expect(readTapAnswer(bad), String(bad)).toBeNull();
    }
  });
});
