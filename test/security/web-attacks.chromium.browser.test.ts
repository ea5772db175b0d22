import { webAttackJourneys } from './web-attacks';

webAttackJourneys('chromium');
