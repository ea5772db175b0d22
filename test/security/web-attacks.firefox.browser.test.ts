import { webAttackJourneys } from './web-attacks';

webAttackJourneys('firefox');
