// Compose (To/Cc/Bcc with suggestions, files, a draft kept across popup closes),
// search (`/`, results from the watched folders, open one) and forward.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { composeDraft } from '@/utils/storage/popup';
import { FakeApi } from '../support/fake-api';
import { fixHappyDomNodeName } from '../support/happy-dom';
import { renderPopup, row, startPaired } from '../support/popup';
import { NOW, summary } from '../support/summary';

const click = (el: HTMLElement) => fireEvent.click(el);
const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });

function popupApi() {
  const inbox = [
    summary('Quarterly report', { from: { name: 'Ann Lee', address: 'ann@example.test' }, snippet: 'Numbers inside' }),
    summary('Lunch', { from: { name: 'Bob', address: 'bob@example.test' } }),
  ];
  const api = new FakeApi([
    { id: 'work', name: 'Work', watch: ['INBOX', 'Lists/Postbode'], mailboxes: { INBOX: inbox, 'Lists/Postbode': [summary('Release notes', { seen: true, mailbox: 'Lists/Postbode' })] } },
  ]);
  api.people = [
    { name: 'Carol Writer', address: 'carol@example.test' },
    { name: 'Ann Lee', address: 'ann@example.test' },
  ];
  return api;
}

beforeAll(fixHappyDomNodeName);
beforeEach(startPaired);
afterEach(cleanup);

describe('compose', () => {
  it('writes to suggested people with Cc, a subject, text and a file, and sends it', async () => {
    const api = popupApi();
    await renderPopup({ createApi: () => api, now: () => NOW });
    await screen.findByText('Lunch');
    click(screen.getByRole('button', { name: 'New message' }));
    const form = await screen.findByRole('form', { name: 'New message' });

    const to = within(form).getByRole('combobox', { name: 'To' });
    await waitFor(() => expect(api.callsOf('correspondents')).toEqual([['work']]));
    type(to, 'car');
    const suggestion = await within(form).findByRole('option', { name: 'Carol Writer <carol@example.test>' });
    fireEvent.mouseDown(suggestion);
    expect((to as HTMLInputElement).value).toBe('Carol Writer <carol@example.test>, ');

    click(within(form).getByRole('button', { name: 'Cc and Bcc' }));
    type(within(form).getByRole('combobox', { name: 'Cc' }), 'ann@example.test');
    type(within(form).getByRole('textbox', { name: 'Subject' }), 'Plans');
    type(within(form).getByRole('textbox', { name: 'Message' }), 'See the attached notes.');
    const file = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    const input = form.querySelector<HTMLInputElement>('input[type=file]')!;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);
    const files = await within(form).findByRole('list', { name: 'Attachments' });
    expect(within(files).getByText('notes.txt')).toBeTruthy();
    expect(within(files).getByText('5 bytes')).toBeTruthy();

    click(within(form).getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(api.sent).toHaveLength(1));
    expect(api.sent[0]).toEqual({
      account: 'work',
      message: {
        to: [{ name: 'Carol Writer', address: 'carol@example.test' }],
        cc: [{ name: '', address: 'ann@example.test' }],
        bcc: [],
        subject: 'Plans',
        text: 'See the attached notes.',
        attachments: [{ filename: 'notes.txt', contentType: 'text/plain', contentBase64: btoa('hello') }],
      },
    });
    expect(await screen.findByText('Message sent.')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'New message' })).toBeNull();
    expect(await composeDraft.getValue()).toBeNull();
  });

  it('sends from the first account when "New message" was opened before the accounts were known', async () => {
    const api = popupApi();
    const release = api.hold('status');
    await renderPopup({ createApi: () => api, now: () => NOW });
    click(await screen.findByRole('button', { name: 'New message' }));
    const form = await screen.findByRole('form', { name: 'New message' });
    release();
    const refresh = screen.getByRole('button', { name: 'Refresh' });
    expect(refresh.getAttribute('aria-busy')).toBe('true');
    await waitFor(() => expect(refresh.getAttribute('aria-busy')).toBe('false')); // the accounts are known now

    type(within(form).getByRole('combobox', { name: 'To' }), 'carol@example.test');
    type(within(form).getByRole('textbox', { name: 'Subject' }), 'Early');
    click(within(form).getByRole('button', { name: 'Send' }));
    await screen.findByText('Message sent.');
    expect(api.callsOf('send').map(([account]) => account)).toEqual(['work']);
  });

  it('keeps the draft when the popup closes, and opens on it again', async () => {
    const api = popupApi();
    const first = await renderPopup({ createApi: () => api, now: () => NOW });
    await screen.findByText('Lunch');
    fireEvent.keyDown(document.body, { key: 'c' });
    const form = await screen.findByRole('form', { name: 'New message' });
    type(within(form).getByRole('combobox', { name: 'To' }), 'dave@example.test');
    type(within(form).getByRole('textbox', { name: 'Message' }), 'Half a thought');
    first.unmount();
    await waitFor(async () => expect((await composeDraft.getValue())?.text).toBe('Half a thought'));

    await renderPopup({ createApi: () => api, now: () => NOW });
    const again = await screen.findByRole('form', { name: 'New message' });
    await waitFor(() => expect((within(again).getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).value).toBe('Half a thought'));
    expect((within(again).getByRole('combobox', { name: 'To' }) as HTMLInputElement).value).toBe('dave@example.test');

    click(within(again).getByRole('button', { name: 'Discard' }));
    await waitFor(async () => expect(await composeDraft.getValue()).toBeNull());
    await waitFor(() => expect(screen.queryByRole('form', { name: 'New message' })).toBeNull());
  });

  it('says what is wrong instead of sending: no recipient, or not an address', async () => {
    const api = popupApi();
    await renderPopup({ createApi: () => api, now: () => NOW });
    await screen.findByText('Lunch');
    click(screen.getByRole('button', { name: 'New message' }));
    const form = await screen.findByRole('form', { name: 'New message' });
    await waitFor(() => expect(within(form).getByRole('button', { name: 'Send' }).hasAttribute('disabled')).toBe(false));
    click(within(form).getByRole('button', { name: 'Send' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('Add at least one recipient.');
    type(within(form).getByRole('combobox', { name: 'To' }), 'not-an-address');
    click(within(form).getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(within(form).getByRole('alert').textContent).toBe('Not an email address: not-an-address'));
    expect(api.sent).toEqual([]);
  });
});

describe('search', () => {
  it('focuses with /, searches the watched folders on Enter, and opens a result', async () => {
    const api = popupApi();
    await renderPopup({ createApi: () => api, now: () => NOW });
    await screen.findByText('Lunch');
    fireEvent.keyDown(document.body, { key: '/' });
    const field = screen.getByRole('searchbox', { name: 'Search mail' });
    expect(document.activeElement).toBe(field);
    type(field, 'release');
    fireEvent.submit(field.closest('form')!);

    const results = await screen.findByRole('region', { name: 'Results for “release”' });
    const found = await within(results).findByText('Release notes');
    expect(found.closest('li')!.querySelector('.row__folder')?.textContent).toBe('Postbode');
    expect(api.callsOf('page').at(-1)).toEqual(['work', { q: 'release', limit: 25 }]);

    click(found.closest('button')!);
    expect(await screen.findByRole('heading', { level: 1, name: 'Release notes' })).toBeTruthy();
    click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('region', { name: 'Results for “release”' })).toBeTruthy();

    fireEvent.keyDown(screen.getByRole('searchbox'), { key: 'Escape' });
    expect(await screen.findByText('Lunch')).toBeTruthy();
  });

  it('stars and spams a result opened from the search, though it is no row of the list', async () => {
    const api = popupApi();
    await renderPopup({ createApi: () => api, now: () => NOW });
    await screen.findByText('Lunch');
    const field = screen.getByRole('searchbox', { name: 'Search mail' });
    type(field, 'release');
    fireEvent.submit(field.closest('form')!);
    click((await screen.findByText('Release notes')).closest('button')!);
    const view = await screen.findByRole('article', { name: 'Release notes' });
    const release = api.accounts[0]!.mailboxes['Lists/Postbode']![0]!;
    click(within(view).getByRole('button', { name: 'Star' }));
    await waitFor(() => expect(release.flagged).toBe(true));
    expect(within(view).getByRole('button', { name: 'Remove star' })).toBeTruthy();

    click(within(view).getByRole('button', { name: 'Spam' }));
    await waitFor(() => expect(api.accounts[0]!.mailboxes['\\Junk']?.map((m) => m.subject)).toEqual(['Release notes']));
    expect(screen.queryByRole('article')).toBeNull();
  });

  it('says when nothing is found', async () => {
    const api = popupApi();
    await renderPopup({ createApi: () => api, now: () => NOW });
    await screen.findByText('Lunch');
    const field = screen.getByRole('searchbox', { name: 'Search mail' });
    type(field, 'zebra');
    fireEvent.submit(field.closest('form')!);
    expect(await screen.findByText('Nothing found for “zebra”.')).toBeTruthy();
  });
});

describe('forward', () => {
  it('forwards the open message to a suggested person with a note', async () => {
    const api = popupApi();
    await renderPopup({ createApi: () => api, now: () => NOW });
    await screen.findByText('Quarterly report');
    click(within(row('Quarterly report')).getByRole('button', { name: /Numbers inside/ }));
    await screen.findByRole('heading', { level: 1, name: 'Quarterly report' });
    click(screen.getByRole('button', { name: 'Forward' }));
    const form = await screen.findByRole('form', { name: 'Forward' });
    const to = within(form).getByRole('combobox', { name: 'To' });
    type(to, 'carol');
    fireEvent.keyDown(to, { key: 'Enter' });
    expect((to as HTMLInputElement).value).toBe('Carol Writer <carol@example.test>, ');
    type(within(form).getByRole('textbox', { name: 'Note (optional)' }), 'FYI');
    click(within(form).getByRole('button', { name: 'Forward' }));
    await waitFor(() => expect(api.forwards).toHaveLength(1));
    expect(api.forwards[0]!.request).toEqual({ to: [{ name: 'Carol Writer', address: 'carol@example.test' }], cc: [], bcc: [], text: 'FYI' });
    expect(await screen.findByText('Forwarded.')).toBeTruthy();
  });

  it('opens the forward form with f', async () => {
    const api = popupApi();
    await renderPopup({ createApi: () => api, now: () => NOW });
    await screen.findByText('Lunch');
    fireEvent.keyDown(document.body, { key: 'j' });
    fireEvent.keyDown(document.body, { key: 'f' });
    expect(await screen.findByRole('form', { name: 'Forward' })).toBeTruthy();
  });
});
