// Reading a message: headers, a safe body, images on request, attachments, reply in place.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BridgeError } from '@/utils/bridge/errors';
import { draftKey, openMessage as lastOpened, replyDrafts } from '@/utils/storage/popup';
import { FakeApi } from '../support/fake-api';
import { fixHappyDomNodeName } from '../support/happy-dom';
import { renderPopup, startPaired } from '../support/popup';
import { NOW, summary } from '../support/summary';

const click = (el: HTMLElement) => fireEvent.click(el);

async function openMessage(details: Parameters<FakeApi['details']['set']>[1] = {}, subject = 'Planning') {
  const message = summary(subject, { from: { name: 'Marieke', address: 'marieke@example.test' } });
  const api = new FakeApi([{ id: 'work', name: 'Work', mailboxes: { INBOX: [message, summary('Other')] } }]);
  api.details.set(message.id, details);
  const view = await renderPopup({ createApi: () => api, now: () => NOW });
  click(await screen.findByText(subject));
  await screen.findByRole('heading', { level: 1, name: subject });
  return { api, message, view };
}

const frame = () => document.querySelector<HTMLIFrameElement>('iframe.mail-frame')!;

beforeAll(fixHappyDomNodeName);
beforeEach(startPaired);
afterEach(cleanup);

describe('message view', () => {
  it('shows from, to, cc and date, and marks the message read', async () => {
    const { api, message } = await openMessage({
      to: [{ name: 'Alice', address: 'alice@example.test' }],
      cc: [{ name: '', address: 'dave@example.test' }],
    });
    const meta = document.querySelector('.view__meta')!;
    await waitFor(() => expect(meta.textContent).toContain('Alice <alice@example.test>'));
    expect(meta.textContent).toContain('Marieke <marieke@example.test>');
    expect(meta.textContent).toContain('dave@example.test');
    expect(meta.querySelector('time')?.getAttribute('datetime')).toBe(message.date);
    await waitFor(() => expect(api.callsOf('setSeen')).toEqual([['work', message.id, true]]));
  });

  it('shows HTML in a sandboxed frame without scripts or same-origin', async () => {
    await openMessage({ html: '<p>Hello <b>there</b></p>', text: 'Hello there' });
    await waitFor(() => expect(frame()).toBeTruthy());
    const sandbox = frame().getAttribute('sandbox')!.split(/\s+/);
    expect(sandbox).not.toContain('allow-scripts');
    expect(sandbox).not.toContain('allow-same-origin');
    const doc = frame().getAttribute('srcdoc')!;
    expect(doc).toContain('<b>there</b>');
    expect(doc).toContain("default-src 'none'");
  });

  it('falls back to the text part with clickable links that open in a new tab', async () => {
    await openMessage({ html: null, text: 'Track it at https://track.example.com/123. Or mail help@example.test' });
    const link = await screen.findByRole('link', { name: 'https://track.example.com/123' });
    expect(link.getAttribute('href')).toBe('https://track.example.com/123');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(document.querySelector('.mail-text')?.textContent).toContain('Or mail help@example.test');
  });

  it('loads remote images only on request, through the bridge', async () => {
    const { api, message } = await openMessage({
      html: '<p>Hi</p><img src="https://img.example.com/a.png" alt="a"><img src="https://img.example.com/b.png" alt="b">',
    });
    await waitFor(() => expect(frame()).toBeTruthy());
    expect(frame().getAttribute('srcdoc')).not.toContain('img.example.com');
    expect(api.callsOf('remoteImage')).toEqual([]);
    click(screen.getByRole('button', { name: 'Load images' }));
    await waitFor(() => expect(frame().getAttribute('srcdoc')).toContain('src="data:image/png;base64,'));
    expect(api.callsOf('remoteImage')).toEqual([
      ['work', message.id, 'https://img.example.com/a.png'],
      ['work', message.id, 'https://img.example.com/b.png'],
    ]);
    expect(frame().getAttribute('srcdoc')).not.toContain('img.example.com');
    expect(screen.queryByRole('button', { name: 'Load images' })).toBeNull();
  });

  it('says why images could not be loaded: a private address, too large, not an image', async () => {
    const { api } = await openMessage({
      html: ['a', 'b', 'c', 'd'].map((n) => `<img src="https://img.example.com/${n}.png" alt="${n}">`).join(''),
    });
    api.blobs.set('https://img.example.com/b.png', new Blob(['<html>'], { type: 'text/html' }));
    api.failNext('remoteImage', new BridgeError('forbidden', 'Images on private or local addresses are not loaded', 403));
    click(await screen.findByRole('button', { name: 'Load images' }));
    const status = await screen.findByText(/couldn.t be loaded/);
    expect(status.textContent).toBe("2 images couldn't be loaded. 1 on a private or local address (blocked); 1 not an image.");
  });

  it('shows cid: images from the bridge and lists the other attachments for download', async () => {
    const { api, message } = await openMessage({
      html: '<p>Logo:</p><img src="cid:logo@x" alt="logo">',
      attachments: [
        { id: '2', filename: 'logo.png', contentType: 'image/png', size: 4, contentId: '<logo@x>', inline: true },
        { id: '3', filename: 'agenda.pdf', contentType: 'application/pdf', size: 2048, contentId: null, inline: false },
      ],
    });
    api.blobs.set('2', new Blob([new Uint8Array([1, 2, 3, 4])], { type: 'image/png' }));
    await waitFor(() => expect(frame().getAttribute('srcdoc')).toContain('src="data:image/png;base64,AQIDBA=="'));
    expect(api.callsOf('attachment')).toEqual([['work', message.id, '2']]);
    const list = screen.getByRole('region', { name: 'Attachments' });
    expect(within(list).queryByText('logo.png')).toBeNull();
    click(within(list).getByRole('button', { name: 'Download agenda.pdf' }));
    await waitFor(() => expect(api.callsOf('attachment')).toContainEqual(['work', message.id, '3']));
  });

  it('gives each attachment its size in words: "29 bytes", "2 kB"', async () => {
    await openMessage({
      attachments: [
        { id: '2', filename: 'note.txt', contentType: 'text/plain', size: 29, contentId: null, inline: false },
        { id: '3', filename: 'agenda.pdf', contentType: 'application/pdf', size: 2048, contentId: null, inline: false },
      ],
    });
    const list = await screen.findByRole('region', { name: 'Attachments' });
    expect([...list.querySelectorAll('.attachment__size')].map((el) => el.textContent)).toEqual(['29 bytes', '2 kB']);
  });

  it('says why a message could not be opened', async () => {
    const message = summary('Gone');
    const api = new FakeApi([{ id: 'work', mailboxes: { INBOX: [message] } }]);
    api.failNext('message', new BridgeError('stale_id', 'The mailbox changed; refresh the list', 409));
    await renderPopup({ createApi: () => api, now: () => NOW });
    click(await screen.findByText('Gone'));
    expect((await screen.findByRole('alert')).textContent).toContain('The mailbox changed on the server: refresh the list.');
  });

  it('archives from the view and goes back to the list with Undo', async () => {
    const { api } = await openMessage();
    click(screen.getByRole('button', { name: 'Archive' }));
    expect(await screen.findByRole('button', { name: 'Undo' })).toBeTruthy();
    expect(screen.queryByRole('article')).toBeNull();
    await waitFor(() => expect(api.callsOf('move')).toHaveLength(1));
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
  });

  it("leaves an action's Undo behind when the next message opens", async () => {
    await openMessage();
    click(screen.getByRole('button', { name: 'Archive' }));
    await screen.findByRole('button', { name: 'Undo' });
    click(await screen.findByText('Other'));
    await screen.findByRole('heading', { level: 1, name: 'Other' });
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });
});

describe('reply', () => {
  it('sends a reply, closes the box and marks the message answered', async () => {
    const { api, message } = await openMessage();
    click(screen.getByRole('button', { name: 'Reply' }));
    const box = screen.getByRole('textbox', { name: 'Reply' });
    fireEvent.input(box, { target: { value: 'Thanks, see you then!' } });
    click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Reply sent.')).toBeTruthy();
    expect(api.replies).toEqual([{ account: 'work', id: message.id, text: 'Thanks, see you then!', all: false }]);
    expect(screen.queryByRole('textbox', { name: 'Reply' })).toBeNull();
    expect(screen.getByText('Answered')).toBeTruthy();
    expect((await replyDrafts.getValue())[draftKey('work', message.id)]).toBeUndefined();
  });

  it('replies to all with "Reply all"', async () => {
    const { api } = await openMessage();
    click(screen.getByRole('button', { name: 'Reply all' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Reply' }), { target: { value: 'To everyone' } });
    click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Reply sent.');
    expect(api.replies[0]?.all).toBe(true);
  });

  it('shows the sending state, then a clear error, and keeps the draft', async () => {
    const { api, message } = await openMessage();
    click(screen.getByRole('button', { name: 'Reply' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Reply' }), { target: { value: 'Important answer' } });
    const release = api.hold('reply');
    api.failNext('reply', new BridgeError('mail_server', 'SMTP said 554 no thanks', 502));
    click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('button', { name: 'Sending…' })).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'Reply' }) as HTMLTextAreaElement).disabled).toBe(true);
    release();
    expect((await screen.findByRole('alert')).textContent).toContain('The mail server refused or did not answer.');
    expect((screen.getByRole('textbox', { name: 'Reply' }) as HTMLTextAreaElement).value).toBe('Important answer');
    expect((await replyDrafts.getValue())[draftKey('work', message.id)]?.text).toBe('Important answer');
  });

  it('brings back a draft from storage when the popup opens again', async () => {
    const first = await openMessage();
    click(screen.getByRole('button', { name: 'Reply all' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Reply' }), { target: { value: 'Half-written' } });
    await waitFor(async () => expect((await replyDrafts.getValue())[draftKey('work', first.message.id)]?.all).toBe(true));
    first.view.unmount();

    // The message is read now, so no longer in the unread list: the popup opens on it.
    await renderPopup({ createApi: () => first.api, now: () => NOW });
    expect(await screen.findByRole('heading', { level: 1, name: 'Planning' })).toBeTruthy();
    const box = await screen.findByRole('textbox', { name: 'Reply' });
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe('Half-written'));
    expect(screen.getByText(/^To all:/)).toBeTruthy();
  });

  it('opens on the list again when the message read last time has no draft', async () => {
    const first = await openMessage();
    await waitFor(async () => expect((await lastOpened.getValue())?.summary.id).toBe(first.message.id));
    first.view.unmount();

    await renderPopup({ createApi: () => first.api, now: () => NOW });
    expect(await screen.findByText('Other')).toBeTruthy();
    expect(screen.queryByRole('article')).toBeNull();
  });
});
