import { render } from 'preact';
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { Popup } from '../../components/Popup';
import type { BatchRow } from '../../components/BatchList';
import { addSample, bytesPerSecond, secondsLeft, type RateSample } from '../../utils/queue/rate';
import { WORKBENCH_ORIGIN } from '../../utils/extension/origins';
import type { BatchAction } from '../../utils/extension/messages';
import { send } from '../../utils/extension/send';
import { diagnosticsReport } from '../../utils/diagnostics/diagnostics';
import '../../components/theme.css';
import './popup.css';

document.documentElement.lang = browser.i18n.getUILanguage();

const batches = signal<BatchRow[]>([]);
const samples = new Map<string, RateSample[]>();
const refresh = async () => {
  const views = (await send({ type: 'batches' })) ?? [];
  const at = Date.now();
  batches.value = views.map((view) => {
    const kept = addSample(samples.get(view.id) ?? [], { at, bytes: view.bytes });
    samples.set(view.id, kept);
    const speed = bytesPerSecond(kept);
    return {
      ...view,
      speed,
      secondsLeft: secondsLeft(
        { left: view.left, done: view.done, doneBytes: view.doneBytes, liveBytes: view.bytes - view.doneBytes },
        speed,
      ),
    };
  });
};
// Once a second while open: one small message, answered from IndexedDB.
void refresh();
setInterval(() => void refresh(), 1000);

render(
  <Popup
    version={browser.runtime.getManifest().version}
    batches={batches}
    onAction={(batchId: string, action: BatchAction) => void send({ type: 'batch-action', batchId, action }).then(refresh)}
    onClearHistory={() => void send({ type: 'clear-history' }).then(refresh)}
    onOpenWorkbench={() => void browser.tabs.create({ url: `${WORKBENCH_ORIGIN}/saas-manage/` })}
    onOpenOptions={() => void browser.runtime.openOptionsPage()}
    onCopyDiagnostics={() => {
      const report = diagnosticsReport({
        version: browser.runtime.getManifest().version,
        userAgent: navigator.userAgent,
        url: location.href,
        queue: batches.value.map(({ state, total, done, failed, skipped, reasons }) => ({ state, total, done, failed, skipped, reasons })),
      });
      void navigator.clipboard.writeText(report);
    }}
  />,
  document.getElementById('app')!,
);
