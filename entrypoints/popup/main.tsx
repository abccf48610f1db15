import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Popup } from '../../components/Popup';
import { WORKBENCH_ORIGIN } from '../../utils/origins';
import '../../components/theme.css';
import './popup.css';

document.documentElement.lang = browser.i18n.getUILanguage();

render(
  <Popup
    version={browser.runtime.getManifest().version}
    onOpenWorkbench={() => void browser.tabs.create({ url: `${WORKBENCH_ORIGIN}/saas-manage/` })}
    onOpenOptions={() => void browser.runtime.openOptionsPage()}
  />,
  document.getElementById('app')!,
);
