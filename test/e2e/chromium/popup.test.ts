import { popupJourneys } from '../journeys/popup';

popupJourneys('chromium');
