// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { render } from 'preact';
import { signal } from '@preact/signals';
import { Popup } from '../../components/Popup';
import { badgeOf } from '../../utils/extension/host-access';

beforeEach(() => {
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key: string) => key);
});
afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

function popup(hostAccess: boolean) {
  const grant = vi.fn();
  const root = document.createElement('div');
  document.body.append(root);
  render(
    <Popup
      version="1.0.0"
      batches={signal([])}
      onAction={() => {}}
      onOpenWorkbench={() => {}}
      onOpenOptions={() => {}}
      onCopyDiagnostics={() => {}}
      onClearHistory={() => {}}
      hostAccess={signal(hostAccess)}
      onGrantHostAccess={grant}
    />,
    root,
  );
  return { root, grant };
}

describe('without access to the workbench (Firefox asks the user first)', () => {
  it('the badge shows a warning, whatever is queued, and its tooltip says why', () => {
    expect(badgeOf(false, 0)).toMatchObject({ text: '!', title: 'hostAccessNeeded' });
    expect(badgeOf(false, 12)).toMatchObject({ text: '!', title: 'hostAccessNeeded' });
  });

  it('the popup says what is wrong and offers to allow access with one click', () => {
    const { root, grant } = popup(false);
    const notice = root.querySelector('[data-testid=host-access]')!;
    expect(notice.textContent).toContain('hostAccessNeeded');
    (notice.querySelector('[data-testid=grant-host-access]') as HTMLButtonElement).click();
    expect(grant).toHaveBeenCalledOnce();
  });
});

describe('with access', () => {
  it('the badge counts the recordings left, and is empty when none are', () => {
    expect(badgeOf(true, 7)).toMatchObject({ text: '7', title: null });
    expect(badgeOf(true, 0)).toMatchObject({ text: '' });
  });

  it('the popup says nothing about access', () => {
    expect(popup(true).root.querySelector('[data-testid=host-access]')).toBeNull();
  });
});
