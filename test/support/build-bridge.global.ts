// Vitest globalSetup: compiles the bridge once per test run for the tests that start
// its CLI (test/support/bridge-cli.ts).
import { buildBridge } from '../../scripts/build-bridge';
import { TEST_BRIDGE_BUNDLE } from './bridge-cli';

export default async function setup(): Promise<void> {
  await buildBridge(TEST_BRIDGE_BUNDLE);
}
