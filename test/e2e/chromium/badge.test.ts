import { badgeJourneys } from '../journeys/badge';

badgeJourneys('chromium');
