import { render } from 'preact';
import { t } from '@/utils/i18n';
import { App } from './App';
import './style.css';

document.documentElement.lang = t('popup_lang');
document.title = t('popup_title');
render(<App />, document.getElementById('app')!);
