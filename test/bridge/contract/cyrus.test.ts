// The shared bridge contract (suite.ts) against Cyrus.
import { describe, it } from 'vitest';
import { availableServers } from '../../support/imap-servers';
import { contractSuite } from './suite';

if (availableServers().includes('cyrus')) contractSuite('cyrus');
else describe('contract on cyrus', () => it.skip('needs root and scripts/test-prerequisites.sh (unpacked .debs)', () => {}));
