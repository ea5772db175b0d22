// One entry point for the e2e fixtures: the browser by name, with the build made for it.
import { launchChromium, type ChromiumExtension } from './chromium';
import type { BrowserName, LaunchOptions } from './driver';
import { launchFirefox, type FirefoxExtension } from './firefox';

export type Launched<B extends BrowserName> = B extends 'chromium' ? ChromiumExtension : FirefoxExtension;

/** `extensionPath` is that browser's build (.output/…/chrome-mv3 or firefox-mv3). */
export function launchExtension<B extends BrowserName>(browser: B, extensionPath: string, options: LaunchOptions = {}): Promise<Launched<B>> {
  return (browser === 'chromium' ? launchChromium(extensionPath, options) : launchFirefox(extensionPath, options)) as Promise<Launched<B>>;
}
