// Approves a device-code sign-in at the test OAuth server, as the user would at the
// provider, from a Node process of its own (a page test's fetch is happy-dom's):
//   node --import tsx test/support/approve-device.ts ISSUER USER_CODE
import { approveDevice } from './oauth-server';

const [issuer, userCode] = process.argv.slice(2);
if (!issuer || !userCode) throw new Error('usage: approve-device.ts ISSUER USER_CODE');
await approveDevice(issuer, userCode);
