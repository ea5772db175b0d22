// Pairing without typing, in Firefox (the journey: ../journeys/native-pairing.ts).
// `postbode setup --browser firefox` writes the host manifest to
// ~/.mozilla/native-messaging-hosts in the test's own home, and Firefox runs with that
// HOME; the manifest admits the add-on id postbode@postbode.app.
import { inject } from 'vitest';
import { launchFirefox } from '../browsers/firefox';
import { nativePairingJourney } from '../journeys/native-pairing';

nativePairingJourney({
  name: 'firefox',
  setupArgs: () => ['--browser', 'firefox'],
  // Paired on install, so no options page opens for the launch to wait for.
  launch: (_profileDir, home) => launchFirefox(inject('extensionPaths').firefox, {}, { home, firstRunOptionsPage: false }),
});
