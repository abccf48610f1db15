import { describe, expect, it } from 'vitest';
import { isWorkbenchUrl, workbenchAppOf } from '../../utils/extension/origins';

describe('where the extension works', () => {
  it('recognises only the TCCC workbench origin over https', () => {
    expect(isWorkbenchUrl('https://tccc.qcloud.com/saas-manage/#/1400000000/home')).toBe(true);
    expect(isWorkbenchUrl('http://tccc.qcloud.com/saas-manage/')).toBe(false);
    expect(isWorkbenchUrl('https://tccc.qcloud.com.evil.example/')).toBe(false);
    expect(isWorkbenchUrl('https://evil.example/?https://tccc.qcloud.com')).toBe(false);
    expect(isWorkbenchUrl(undefined)).toBe(false);
    expect(isWorkbenchUrl('not a url')).toBe(false);
  });

  it('reads the workbench app (SdkAppId) from the page’s hash route', () => {
    expect(workbenchAppOf('https://tccc.qcloud.com/saas-manage/#/1400000000/service-record/tel')).toBe('1400000000');
    expect(workbenchAppOf('https://tccc.qcloud.com/saas-manage/#/1400000001/home?token=abc')).toBe('1400000001');
    expect(workbenchAppOf('https://tccc.qcloud.com/saas-manage/#/1400000002')).toBe('1400000002');
    expect(workbenchAppOf('https://tccc.qcloud.com/saas-manage/')).toBeNull();
    expect(workbenchAppOf('https://tccc.qcloud.com/saas-manage/#/login')).toBeNull();
    expect(workbenchAppOf('https://tccc.qcloud.com/saas-manage/#/14000x/home')).toBeNull();
    expect(workbenchAppOf('https://evil.example/saas-manage/#/1400000000/home')).toBeNull();
    expect(workbenchAppOf(undefined)).toBeNull();
  });
});
