import { bridgeOutageJourneys } from '../journeys/bridge-outage';

bridgeOutageJourneys('chromium');
