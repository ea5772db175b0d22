import { safeMailJourneys } from '../journeys/safe-mail';

safeMailJourneys('firefox');
