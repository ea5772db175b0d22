import { xssCorpusJourneys } from './xss-corpus';

xssCorpusJourneys('firefox');
