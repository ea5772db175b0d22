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

  async star(subject: string): Promise<void> {
    await this.row(subject).getByRole('button', { name: 'Star', exact: true }).click();
  }

  async spam(subject: string): Promise<void> {
    await this.row(subject).getByRole('button', { name: 'Spam', exact: true }).click();
  }

  /** "Move to…", then the folder typed into the picker and chosen with Enter. */
  async moveTo(subject: string, folder: string): Promise<void> {
    await this.row(subject).getByRole('button', { name: 'Move to…', exact: true }).click();
    const picker = this.page.getByRole('dialog', { name: 'Move to folder' });
    await picker.getByRole('option', { name: new RegExp(`^${folder}`) }).waitFor();
    await picker.getByRole('combobox', { name: 'Find a folder' }).fill(folder);
    await picker.getByRole('option', { name: new RegExp(`^${folder}`) }).click();
  }

  /** Switches the (only) account's list to "All mail" or back to "Unread". */
  async show(view: 'All mail' | 'Unread'): Promise<void> {
    await this.page.getByRole('group', { name: 'Messages to show' }).getByRole('button', { name: view, exact: true }).click();
  }

  /** Types into the search field (it searches once typing pauses); answers the results. */
  async search(text: string): Promise<Locator> {
    await this.page.getByRole('searchbox', { name: 'Search mail' }).fill(text);
    const results = this.page.getByRole('region', { name: `Results for “${text}”` });
    await results.waitFor();
    return results;
  }

  /** Opens "New message". */
  async compose(): Promise<ComposeForm> {
    await this.page.getByRole('button', { name: 'New message', exact: true }).click();
    const form = new ComposeForm(this.page);
    await form.root.waitFor();
    return form;
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

  /** Forwards the message to `to` with a note; resolves once the popup says it went. */
  async forward(to: string, note = ''): Promise<void> {
    await this.root.getByRole('button', { name: 'Forward', exact: true }).click();
    const form = this.root.getByRole('form', { name: 'Forward' });
    await form.getByRole('combobox', { name: 'To' }).fill(to);
    if (note) await form.getByRole('textbox', { name: 'Note (optional)' }).fill(note);
    await form.getByRole('button', { name: 'Forward', exact: true }).click();
    await this.root.getByRole('status').filter({ hasText: 'Forwarded.' }).waitFor();
  }
}

/** "New message": its fields by their labels. */
export class ComposeForm {
  readonly root: Locator;

  constructor(private readonly page: Tab) {
    this.root = page.getByRole('form', { name: 'New message' });
  }

  async fill({ to, cc, subject, text }: { to: string; cc?: string; subject: string; text: string }): Promise<void> {
    await this.root.getByRole('combobox', { name: 'To', exact: true }).fill(to);
    if (cc) {
      await this.root.getByRole('button', { name: 'Cc and Bcc', exact: true }).click();
      await this.root.getByRole('combobox', { name: 'Cc', exact: true }).fill(cc);
    }
    await this.root.getByRole('textbox', { name: 'Subject', exact: true }).fill(subject);
    await this.root.getByRole('textbox', { name: 'Message', exact: true }).fill(text);
  }

  /** Sends; resolves once the popup says it was sent. */
  async send(): Promise<void> {
    await this.root.getByRole('button', { name: 'Send', exact: true }).click();
    await this.page.getByRole('status').filter({ hasText: 'Message sent.' }).waitFor();
  }
}
