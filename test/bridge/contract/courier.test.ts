// The shared bridge contract (suite.ts) against Courier.
import { describe, it } from 'vitest';
import { availableServers } from '../../support/imap-servers';
import { contractSuite } from './suite';

if (availableServers().includes('courier')) contractSuite('courier');
else describe('contract on courier', () => it.skip('needs root and scripts/test-prerequisites.sh (unpacked .debs)', () => {}));
