import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Options } from '../../components/Options';
import { clampConcurrency, concurrency, notifyOnFinish, rootFolder } from '../../utils/settings';
import { sanitizeSegment } from '../../utils/filename';
import '../../components/theme.css';
import './options.css';

document.documentElement.lang = browser.i18n.getUILanguage();

const [folder, parallel, notify] = await Promise.all([rootFolder.getValue(), concurrency.getValue(), notifyOnFinish.getValue()]);

render(
  <Options
    initial={{ rootFolder: folder, concurrency: parallel, notify }}
    onSave={async (values) => {
      await rootFolder.setValue(sanitizeSegment(values.rootFolder, 'TCCC录音'));
      await concurrency.setValue(clampConcurrency(values.concurrency));
      await notifyOnFinish.setValue(values.notify);
    }}
  />,
  document.getElementById('app')!,
);
