import { popupJourneys } from '../journeys/popup';

popupJourneys('firefox');
