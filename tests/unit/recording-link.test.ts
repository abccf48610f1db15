import { describe, expect, it } from 'vitest';
import { recordingLink, recordingUrlOf } from '../../utils/page-json/recording-link';

const OWN = 'https://tccc.qcloud.com/tcccadmin/getRecord/k/t/000-x.mp3';
const COS = 'https://bucket-125.cos.ap-guangzhou.myqcloud.com/a.mp3?sign=1';

/** What pages write where a call has no recording. */
const PLACEHOLDERS = [
  '-',
  '--',
  '0',
  'null',
  'NULL',
  'undefined',
  '无',
  '暂无',
  '#',
  '#/',
  '/',
  './',
  'N/A',
  ' ',
  '',
  'about:blank',
  '/tcccadmin/getRecord/k/t/a.mp3',
  'tcccadmin/a.mp3',
  '//tccc.qcloud.com/a.mp3',
  '?file=a.mp3',
];

describe('what a recording link is', () => {
  it('is an absolute https link on the workbench or a Tencent COS host', () => {
    expect(recordingLink(OWN)).toBe(OWN);
    expect(recordingLink(COS)).toBe(COS);
    expect(recordingLink('https://bucket.cos.ap-beijing.tencentcos.cn/a.mp3')).toBe('https://bucket.cos.ap-beijing.tencentcos.cn/a.mp3');
    expect(recordingLink(`  ${OWN}  `)).toBe(OWN);
  });

  it('upgrades old plain-http COS links instead of refusing them', () => {
    expect(recordingLink('http://recorder-1.cos.ap-shanghai.myqcloud.com/x.mp3')).toBe(
      'https://recorder-1.cos.ap-shanghai.myqcloud.com/x.mp3',
    );
  });

  it('takes no placeholder for a link, and never turns one into a workbench URL', () => {
    for (const placeholder of PLACEHOLDERS) expect(recordingLink(placeholder), JSON.stringify(placeholder)).toBeNull();
    for (const notText of [null, undefined, 0, 1, true, {}, ['https://tccc.qcloud.com/a.mp3']]) expect(recordingLink(notText)).toBeNull();
  });

  it('refuses every other host, scheme and trick', () => {
    for (const bad of [
      'http://tccc.qcloud.com/tcccadmin/getRecord/a.mp3',
      'https://tccc.qcloud.com/',
      'https://evil.example/a.mp3',
      'https://myqcloud.com.evil.example/a.mp3',
      'https://evil-myqcloud.com/a.mp3',
      'https://.myqcloud.com/a.mp3',
      'https://myqcloud.com/a.mp3',
      'javascript:alert(1)',
      'data:audio/mpeg;base64,AAAA',
      'blob:https://tccc.qcloud.com/1',
      'file:///etc/passwd',
      'https://user:pw@tccc.qcloud.com/a.mp3',
      'https://tccc.qcloud.com:8443/a.mp3',
      'https://bucket.cos.ap-guangzhou.myqcloud.com:444/a.mp3',
      `https://tccc.qcloud.com/${'a'.repeat(5000)}.mp3`,
    ]) {
      expect(recordingLink(bad), bad).toBeNull();
    }
  });

  it('never lets a placeholder in RecordURL hide a valid CustomRecordURL', () => {
    for (const placeholder of PLACEHOLDERS) expect(recordingUrlOf({ recordUrl: placeholder, customRecordUrl: COS }), placeholder).toBe(COS);
    expect(recordingUrlOf({ recordUrl: OWN, customRecordUrl: COS })).toBe(OWN);
    expect(recordingUrlOf({ recordUrl: '-', customRecordUrl: '-' })).toBeNull();
    expect(recordingUrlOf({ recordUrl: null, customRecordUrl: null })).toBeNull();
  });
});
