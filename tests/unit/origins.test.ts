import { describe, expect, it } from 'vitest';
import { isWorkbenchUrl, safeRecordingUrl } from '../../utils/origins';

describe('where the extension works and downloads from', () => {
  it('recognises only the TCCC workbench origin over https', () => {
    expect(isWorkbenchUrl('https://tccc.qcloud.com/saas-manage/#/1400000000/home')).toBe(true);
    expect(isWorkbenchUrl('http://tccc.qcloud.com/saas-manage/')).toBe(false);
    expect(isWorkbenchUrl('https://tccc.qcloud.com.evil.example/')).toBe(false);
    expect(isWorkbenchUrl('https://evil.example/?https://tccc.qcloud.com')).toBe(false);
    expect(isWorkbenchUrl(undefined)).toBe(false);
    expect(isWorkbenchUrl('not a url')).toBe(false);
  });

  it('downloads recordings from the workbench and Tencent COS hosts over https', () => {
    const own = 'https://tccc.qcloud.com/tcccadmin/getRecord/k/t/000-x.mp3';
    expect(safeRecordingUrl(own)).toBe(own);
    expect(safeRecordingUrl('/tcccadmin/getRecord/k/t/a.mp3')).toBe('https://tccc.qcloud.com/tcccadmin/getRecord/k/t/a.mp3');
    expect(safeRecordingUrl('https://bucket-125.cos.ap-guangzhou.myqcloud.com/a.mp3?sign=1')).toBe(
      'https://bucket-125.cos.ap-guangzhou.myqcloud.com/a.mp3?sign=1',
    );
    expect(safeRecordingUrl('https://bucket.cos.ap-beijing.tencentcos.cn/a.mp3')).toBe('https://bucket.cos.ap-beijing.tencentcos.cn/a.mp3');
  });

  it('upgrades old plain-http COS links instead of refusing them', () => {
    expect(safeRecordingUrl('http://recorder-1.cos.ap-shanghai.myqcloud.com/x.mp3')).toBe('https://recorder-1.cos.ap-shanghai.myqcloud.com/x.mp3');
  });

  it('refuses every other host, scheme and trick', () => {
    for (const bad of [
      'http://tccc.qcloud.com/tcccadmin/getRecord/a.mp3',
      'https://evil.example/a.mp3',
      'https://myqcloud.com.evil.example/a.mp3',
      'https://evil-myqcloud.com/a.mp3',
      'https://.myqcloud.com/a.mp3',
      'javascript:alert(1)',
      'data:audio/mpeg;base64,AAAA',
      'file:///etc/passwd',
      'https://user:pw@tccc.qcloud.com/a.mp3',
      'https://tccc.qcloud.com:8443/a.mp3',
      'https://bucket.cos.ap-guangzhou.myqcloud.com:444/a.mp3',
      '',
      null,
    ]) {
      expect(safeRecordingUrl(bad), String(bad)).toBeNull();
    }
  });
});
