/**
 * What `postbode run` prints under its "listening" line: the steps left before the
 * extension shows mail. Pure, from what is known about this machine, so each case is
 * tested as text.
 */
export interface StepsInput {
  /** An extension has already talked to this bridge (native host, or a request with its token). */
  paired: boolean;
  /** `postbode setup` registered the native host: the extension pairs itself. */
  hostRegistered: boolean;
  accounts: number;
  url: string;
  chromeDir: string;
  firefoxDir: string;
  firefoxBuilt: boolean;
  /** The command that prints the token, as the user types it here. */
  tokenCommand: string;
  /** The command that registers the host, as the user types it here. */
  setupCommand: string;
}

export function nextSteps(input: StepsInput): string {
  if (input.paired) {
    return input.accounts === 0 ? 'No accounts yet: add one on the extension\'s options page (right-click its icon → Options).\n' : '';
  }
  const steps: string[] = [];
  const firefox = input.firefoxBuilt
    ? `(Firefox: about:debugging → This Firefox → Load Temporary Add-on → ${input.firefoxDir}/manifest.json)`
    : '(Firefox: build it with `npm run build:firefox`, then about:debugging → Load Temporary Add-on)';
  steps.push(`Load the extension (once): open chrome://extensions, switch on Developer mode,
   "Load unpacked" and choose ${input.chromeDir}
   ${firefox}`);
  if (!input.hostRegistered) {
    steps.push(`Pair it: run \`${input.setupCommand}\` once and the extension pairs itself. Or, by hand,
   on its options page: Bridge URL ${input.url}
   and the token \`${input.tokenCommand}\` prints (formerly --print-token)`);
  }
  steps.push(`Add an account: right-click the Postbode icon → Options → add your mail account
   (or edit the config file).`);
  return `Next:\n${steps.map((step, index) => ` ${index + 1}. ${step}`).join('\n')}\n`;
}
