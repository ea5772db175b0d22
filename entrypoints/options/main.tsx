import { render } from 'preact';
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { App } from './App';
import './style.css';

// Static HTML can't use browser.i18n, so the page's language and title are set here.
document.documentElement.lang = browser.i18n.getUILanguage();
document.title = t('options_title');
render(<App />, document.getElementById('app')!);
