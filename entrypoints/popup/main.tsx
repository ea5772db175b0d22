import { render } from 'preact';
import { t } from '@/utils/i18n';
import { readPopupStart } from '@/utils/storage/popup';
import { App } from './App';
import './style.css';

// Storage answers in a few milliseconds: waiting for it draws the cached list as
// the very first frame, where a skeleton first would cost a frame of its own.
const start = readPopupStart();
document.documentElement.lang = t('popup_lang');
document.title = t('popup_title');
void start.then((value) => render(<App start={value} />, document.getElementById('app')!));
