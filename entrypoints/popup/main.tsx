import { t } from '@/utils/i18n';
import { startPopup } from './start';
import './style.css';

void startPopup(document.getElementById('app')!);
document.documentElement.lang = t('popup_lang');
document.title = t('popup_title');
