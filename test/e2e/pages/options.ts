// The options page: pairing with the bridge, by roles and accessible names.
import type { Locator, Tab } from '../browsers/driver';

export const OPTIONS_VIEWPORT = { width: 800, height: 900 };

export class OptionsPage<T extends Tab = Tab> {
  constructor(
    readonly page: T,
    private readonly url: string,
  ) {}

  async open(): Promise<this> {
    await this.page.goto(this.url);
    await this.page.getByRole('heading', { name: 'Postbode options' }).waitFor();
    return this;
  }

  /** The "Bridge" section: URL, token, Save, Test connection and their result line. */
  private get pairing(): Locator {
    return this.page.getByRole('region', { name: 'Bridge' });
  }

  /** Types the bridge's URL and token (without saving), opening "Pair by hand" first if it is closed. */
  async fill(url: string, token: string): Promise<void> {
    const urlField = this.pairing.getByRole('textbox', { name: 'Bridge URL' });
    if ((await urlField.count()) === 0) await this.pairing.getByText('Pair by hand').click();
    await urlField.fill(url);
    // A password field (masked until "Show"), which has no textbox role.
    await this.pairing.locator('#bridge-token').fill(token);
  }

  /** Clicks "Save"; resolves once the page says it saved. */
  async save(): Promise<void> {
    await this.pairing.getByRole('button', { name: 'Save' }).click();
    await this.pairing.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  }

  /** Types the bridge's URL and token and saves them. */
  async pair(url: string, token: string): Promise<void> {
    await this.fill(url, token);
    await this.save();
  }

  /** Clicks "Test connection" and answers what the page reports when done. */
  async testConnection(): Promise<string> {
    await this.pairing.getByRole('button', { name: 'Test connection' }).click();
    // Not "Saved." or "Testing…", but the outcome: success, no answer, refused or failed.
    const result = this.pairing.getByRole('status').filter({ hasText: /Connected to the bridge|No answer from|refused this token|The test failed/ });
    await result.waitFor();
    return (await result.innerText()).trim();
  }

  /** The accounts the page lists (their visible text). */
  accounts(): Locator {
    return this.page.getByRole('region', { name: 'Accounts' }).getByRole('listitem');
  }

  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file, fullPage: true });
  }
}
