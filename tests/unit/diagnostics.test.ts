import { describe, expect, it } from 'vitest';
import { diagnosticsReport, redact } from '../../utils/diagnostics';

describe('the diagnostics report', () => {
  it('never carries a phone number or a login token', () => {
    const report = diagnosticsReport({
      version: '1.0.0',
      userAgent: 'Chrome',
      url: 'https://tccc.qcloud.com/saas-manage/#/1400000000/home?token=6f1c2b7e-aaaa',
      table: 'missing-headers: 时间',
      rows: 3,
      extra: { lastCaller: '13812345678' },
    });
    expect(report).not.toContain('13812345678');
    expect(report).not.toContain('token');
    expect(report).not.toContain('1400000000');
    expect(report).toContain('missing-headers: 时间');
    expect(report).toContain('rows: 3');
  });

  it('keeps short numbers readable', () => {
    expect(redact('rows: 100, code 404')).toBe('rows: 100, code 404');
    expect(redact('008613812345678')).toBe('008**********78');
  });
});
