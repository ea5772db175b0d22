import { xssCorpusJourneys } from './xss-corpus';

xssCorpusJourneys('chromium');
