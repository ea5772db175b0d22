// The shared bridge contract (suite.ts) against Dovecot.
import { describe, it } from 'vitest';
import { availableServers } from '../../support/imap-servers';
import { contractSuite } from './suite';

if (availableServers().includes('dovecot')) contractSuite('dovecot');
else describe('contract on dovecot', () => it.skip('needs root and scripts/test-prerequisites.sh (unpacked .debs)', () => {}));
