// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { render } from 'preact';
import { signal } from '@preact/signals';
import { Toolbar } from '../../components/Toolbar';
import { createPageModel } from '../../utils/page-model/page-model';
import { PLAIN_TABLE_CALLS } from '../fakes/plain-table-calls';
import { createRowBinder } from '../../entrypoints/workbench-tools.content/rows';
import { findRecordTable } from '../../utils/page-dom/table';
import { ROW_SELECT_TESTID } from '../../utils/page-dom/row-decor';
import { callRecord } from '../fakes/records';

/** A click as the browser makes it for a person: the one kind a page script cannot make. */
function personClicks(el: Element, type = 'click') {
  const event = new MouseEvent(type, { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  el.dispatchEvent(event);
}

function toolbar() {
  const model = createPageModel();
  model.pageRecords.value = [callRecord('s1'), callRecord('s2')];
  const actions = { collect: vi.fn(), cancel: vi.fn(), download: vi.fn() };
  const root = document.createElement('div');
  document.body.append(root);
  render(
    <Toolbar
      model={model}
      collect={signal({ phase: 'idle' })}
      message={signal('')}
      onCollect={actions.collect}
      onCancelCollect={actions.cancel}
      onDownload={actions.download}
      onCopyDiagnostics={() => {}}
      linkHint={signal(false)}
      reloadNeeded={signal(false)}
      onReload={() => {}}
      downloadedBefore={signal(0)}
      onDownloadAgain={() => {}}
    />,
    root,
  );
  const button = (id: string) => root.querySelector(`[data-testid=${id}]`) as HTMLButtonElement;
  return { model, actions, button, root };
}

beforeEach(() => {
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key: string) => key);
});
afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('a page script clicking inside our bar', () => {
  it('selects nothing, collects nothing and downloads nothing', async () => {
    const { model, actions, button } = toolbar();
    button('select-matching').click();
    button('select-matching').dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(model.selected.value.size).toBe(0);
    button('collect-all').click();
    expect(actions.collect).not.toHaveBeenCalled();

    // Even with a selection a person made, the page cannot start the download nor clear it.
    personClicks(button('select-matching'));
    expect(model.selected.value.size).toBe(2);
    await Promise.resolve();
    button('download-selected').click();
    expect(actions.download).not.toHaveBeenCalled();
    button('clear-selection').click();
    expect(model.selected.value.size).toBe(2);
  });

  it('still works for a person’s own clicks', async () => {
    const { model, actions, button } = toolbar();
    personClicks(button('select-matching'));
    expect(model.selected.value.size).toBe(2);
    personClicks(button('collect-all'));
    expect(actions.collect).toHaveBeenCalledOnce();
    await Promise.resolve();
    personClicks(button('download-selected'));
    expect(actions.download).toHaveBeenCalledOnce();
    personClicks(button('clear-selection'));
    expect(model.selected.value.size).toBe(0);
  });

  it('may change the filter chips: they only change the view the person sees', async () => {
    const { model, root } = toolbar();
    const chip = root.querySelector('[data-testid=filter-chip][data-group=direction][data-value=in]') as HTMLButtonElement;
    chip.click();
    expect(model.filter.value.chips.direction).toEqual(['in']);
  });
});

describe('a page script clicking our row checkboxes', () => {
  function rowsOnPage() {
    document.body.innerHTML = readFileSync(resolve(import.meta.dirname, 'fixtures', 'plain-table.html'), 'utf8');
    const model = createPageModel();
    model.addTapList(PLAIN_TABLE_CALLS);
    const binder = createRowBinder(model, signal(0), (target, type, fn, options) => target.addEventListener(type, fn, options));
    binder.bind(findRecordTable(document));
    const boxes = [...document.querySelectorAll<HTMLInputElement>(`input[data-testid=${ROW_SELECT_TESTID}]`)];
    return { model, boxes };
  }

  it('selects nothing, and the box shows the selection again', () => {
    const { model, boxes } = rowsOnPage();
    expect(boxes.length).toBeGreaterThan(1);
    boxes[0]!.click();
    boxes[1]!.checked = true;
    boxes[1]!.dispatchEvent(new Event('change', { bubbles: true }));
    expect(model.selected.value.size).toBe(0);
    expect(boxes.map((b) => b.checked)).toEqual(boxes.map(() => false));
  });

  it('selects nothing when the browser follows a script’s click with a change event it marks trusted', () => {
    const { model, boxes } = rowsOnPage();
    // Chromium fires the `change` that follows `box.click()` itself, as trusted.
    boxes[0]!.click();
    personClicks(boxes[0]!, 'change');
    expect(model.selected.value.size).toBe(0);
    expect(boxes[0]!.checked).toBe(false);
  });

  /** As the browser does for a person: a trusted click, which toggles the box and is followed by `change`. */
  function personTogglesBox(box: HTMLInputElement) {
    personClicks(box);
    box.dispatchEvent(new Event('change', { bubbles: true }));
  }

  it('still selects on a person’s click', () => {
    const { model, boxes } = rowsOnPage();
    personTogglesBox(boxes[0]!);
    expect(boxes[0]!.checked).toBe(true);
    expect([...model.selected.value.keys()]).toEqual([boxes[0]!.dataset.sessionId]);
    personTogglesBox(boxes[0]!);
    expect(boxes[0]!.checked).toBe(false);
    expect(model.selected.value.size).toBe(0);
  });
});
