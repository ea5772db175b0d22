import { badgeJourneys } from '../journeys/badge';

badgeJourneys('firefox');
