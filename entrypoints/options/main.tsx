import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Options } from '../../components/Options';
import {
  clampConcurrency,
  columnNames,
  concurrency,
  maskPhones,
  nameTemplate,
  notifyOnFinish,
  pageFeatures,
  rootFolder,
  skipDuplicates,
} from '../../utils/settings/settings';
import { sanitizeSegment } from '../../utils/naming/filename';
import { DEFAULT_TEMPLATE } from '../../utils/naming/name-template';
import '../../components/theme.css';
import './options.css';

document.documentElement.lang = browser.i18n.getUILanguage();

const [folder, template, mask, skip, parallel, notify, onPages, names] = await Promise.all([
  rootFolder.getValue(),
  nameTemplate.getValue(),
  maskPhones.getValue(),
  skipDuplicates.getValue(),
  concurrency.getValue(),
  notifyOnFinish.getValue(),
  pageFeatures.getValue(),
  columnNames.getValue(),
]);

render(
  <Options
    initial={{
      rootFolder: folder,
      template,
      maskPhones: mask,
      skipDuplicates: skip,
      concurrency: parallel,
      notify,
      pageFeatures: onPages,
      columnNames: Object.entries(names).map(([text, key]) => ({ text, key })),
    }}
    onSave={async (values) => {
      await rootFolder.setValue(sanitizeSegment(values.rootFolder, 'TCCC录音'));
      await nameTemplate.setValue(values.template.trim() || DEFAULT_TEMPLATE);
      await maskPhones.setValue(values.maskPhones);
      await skipDuplicates.setValue(values.skipDuplicates);
      await concurrency.setValue(clampConcurrency(values.concurrency));
      await notifyOnFinish.setValue(values.notify);
      await pageFeatures.setValue(values.pageFeatures);
      await columnNames.setValue(Object.fromEntries(values.columnNames.filter((r) => r.text.trim()).map((r) => [r.text.trim(), r.key])));
    }}
  />,
  document.getElementById('app')!,
);
