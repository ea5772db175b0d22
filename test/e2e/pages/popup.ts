// The toolbar popup, as a user sees and uses it. Specs say what the user does
// (`markRead(subject)`); this file knows how, by roles and accessible names only.
import type { FrameLocator, Locator, Tab } from '../browsers/driver';

export class PopupPage<T extends Tab = Tab> {
  constructor(
    readonly page: T,
    private readonly url: string,
  ) {}

  /** Opens the popup (as a tab of the popup's size) and waits for it to draw. */
  async open(): Promise<this> {
    await this.page.goto(this.url);
    await this.page.getByRole('heading', { name: 'Postbode' }).waitFor();
    return this;
  }

  /** Resolves once the popup isn't fetching (its Refresh button is no longer busy). */
  async idle(): Promise<void> {
    await this.page.getByRole('button', { name: 'Refresh', exact: true }).and(this.page.locator('[aria-busy="false"]')).waitFor();
  }

  /** The list row (a list item) of the message with this subject. */
  row(subject: string): Locator {
    return this.page.getByRole('listitem').filter({ hasText: subject });
  }

  /** Every row's text, top to bottom. */
  async rows(): Promise<string[]> {
    return this.page.getByRole('listitem').allInnerTexts();
  }

  /** Whether the list shows a row for this subject now. */
  async shows(subject: string): Promise<boolean> {
    return (await this.row(subject).count()) > 0;
  }

  async markRead(subject: string): Promise<void> {
    await this.row(subject).getByRole('button', { name: 'Mark as read', exact: true }).click();
  }

  async archive(subject: string): Promise<void> {
    await this.row(subject).getByRole('button', { name: 'Archive', exact: true }).click();
  }

  async delete(subject: string): Promise<void> {
    await this.row(subject).getByRole('button', { name: 'Delete', exact: true }).click();
  }

  /** Clicks "Undo" on the bar that follows an action. */
  async undo(): Promise<void> {
    await this.page.getByRole('button', { name: 'Undo', exact: true }).click();
  }

  /** Opens the message with this subject from the list. */
  async openMessage(subject: string): Promise<MessageView> {
    await this.row(subject).getByRole('button', { name: subject }).click();
    const view = new MessageView(this.page, subject);
    await view.root.waitFor();
    return view;
  }

  /** The "can't reach the bridge" notice (a whole-popup panel, or a banner over the last list). */
  bridgeDown(): Locator {
    return this.page.getByRole('alert').filter({ hasText: "Can't reach the bridge" });
  }

  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file });
  }
}

/** One open message in the popup: its body, images and reply. */
export class MessageView {
  readonly root: Locator;

  constructor(
    private readonly page: Tab,
    readonly subject: string,
  ) {
    this.root = page.getByRole('article', { name: subject });
  }

  /** The mail body's sandboxed frame. */
  body(): FrameLocator {
    return this.root.frameLocator('iframe[title="Message"]');
  }

  async loadImages(): Promise<void> {
    await this.root.getByRole('button', { name: 'Load images', exact: true }).click();
  }

  /** Opens the reply box ("Reply", or "Reply all"), types `text`; doesn't send. */
  async writeReply(text: string, { all = false } = {}): Promise<void> {
    await this.root.getByRole('button', { name: all ? 'Reply all' : 'Reply', exact: true }).click();
    await this.root.getByRole('textbox', { name: 'Reply', exact: true }).fill(text);
  }

  /** Writes and sends a reply; resolves once the popup says it was sent. */
  async reply(text: string, options: { all?: boolean } = {}): Promise<void> {
    await this.writeReply(text, options);
    await this.root.getByRole('button', { name: 'Send', exact: true }).click();
    await this.root.getByRole('status').filter({ hasText: 'Reply sent.' }).waitFor();
  }

  async back(): Promise<void> {
    await this.root.getByRole('button', { name: 'Back', exact: true }).click();
  }
}
