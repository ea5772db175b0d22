import { safeMailJourneys } from '../journeys/safe-mail';

safeMailJourneys('chromium');
