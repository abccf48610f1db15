import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Options } from '../../components/Options';
import { clampConcurrency, concurrency, rootFolder } from '../../utils/settings';
import { sanitizeSegment } from '../../utils/filename';
import '../../components/theme.css';
import './options.css';

document.documentElement.lang = browser.i18n.getUILanguage();

const [folder, parallel] = await Promise.all([rootFolder.getValue(), concurrency.getValue()]);

render(
  <Options
    initial={{ rootFolder: folder, concurrency: parallel }}
    onSave={async (values) => {
      await rootFolder.setValue(sanitizeSegment(values.rootFolder, 'TCCC录音'));
      await concurrency.setValue(clampConcurrency(values.concurrency));
    }}
  />,
  document.getElementById('app')!,
);
