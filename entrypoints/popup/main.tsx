import { render } from 'preact';
import { preloadBridgeClient } from '@/utils/bridge/lazy-api';
import { t } from '@/utils/i18n';
import { readPopupStart } from '@/utils/storage/popup';
import { App } from './App';
import './style.css';

// Storage answers in a few milliseconds: waiting for it draws the cached list as
// the very first frame, where a skeleton first would cost a frame of its own.
const start = readPopupStart();
document.documentElement.lang = t('popup_lang');
document.title = t('popup_title');
void start.then((value) => {
  // Nothing cached to draw: the list is the bridge's answer, and its client is needed at once.
  if (value.pairing && !value.cache?.accounts.length) preloadBridgeClient();
  render(<App start={value} />, document.getElementById('app')!);
});
