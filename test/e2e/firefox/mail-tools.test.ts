import { mailToolJourneys } from '../journeys/mail-tools';

mailToolJourneys('firefox');
