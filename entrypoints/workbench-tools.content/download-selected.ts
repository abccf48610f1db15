import { computed, signal, type Signal } from '@preact/signals';
import { t } from '../../utils/extension/i18n';
import type { EnqueueReply } from '../../utils/extension/messages';
import type { PageModel } from '../../utils/page-model/page-model';
import { send } from '../../utils/extension/send';
import { sendEnqueue } from '../../utils/extension/enqueue-upload';
import type { CallRecord } from '../../utils/record/record';

/** 下载所选, and 重新下载这 N 个 for the calls of the last selection that were downloaded before. */
export function createDownloadSelected(model: PageModel, message: Signal<string>) {
  /** Calls of the last selection sent that were downloaded before: the bar offers to download them again. */
  const downloadedBefore = signal<CallRecord[]>([]);
  const enqueue = (records: CallRecord[], force: boolean): Promise<EnqueueReply> =>
    sendEnqueue(records, (part) => send(part), { pageUrl: location.href, force });
  const download = async () => {
    // The freshest record of each call: a link may have come since it was selected.
    const records = [...model.selected.value.values()].map((r) => model.tapRecord(r.sessionId) ?? r);
    downloadedBefore.value = [];
    const reply = await enqueue(records, false);
    if (!reply.ok) {
      message.value = t('downloadFailed', reply.error);
      return;
    }
    const before = new Set(reply.downloadedBefore);
    downloadedBefore.value = records.filter((r) => before.has(r.sessionId));
    message.value = before.size ? t('downloadSkippedBefore', reply.accepted, before.size) : t('downloadSent', reply.accepted);
  };
  const downloadAgain = async () => {
    const records = downloadedBefore.value;
    downloadedBefore.value = [];
    const reply = await enqueue(records, true);
    message.value = reply.ok ? t('downloadSent', reply.accepted) : t('downloadFailed', reply.error);
  };
  return { download, downloadAgain, downloadedBeforeCount: computed(() => downloadedBefore.value.length) };
}
