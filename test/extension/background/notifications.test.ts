import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Summary } from '@/bridge/api-types';
import { announce, SUMMARY_ID, type NewMail } from '@/utils/background/notifications';
import { shownNotifications } from '@/utils/storage/background';
import { installI18n } from '../support/fake-i18n';
import { spyOnNotifications } from '../support/notifications';
import { summaryWithUid } from '../support/summary';

function newMail(uid: number, extra: Partial<Summary> = {}): NewMail {
  return { account: { id: 'work', name: 'Work' }, message: summaryWithUid(uid, extra) };
}

describe('new-mail notifications', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    fakeBrowser.reset();
    installI18n();
  });

  it('still notifies where the browser rejects notification buttons', async () => {
    const create = spyOnNotifications();
    create.mockImplementation((async (id: string, options: { buttons?: unknown }) => {
      if (options.buttons) throw new Error('Type error for parameter options (Property "buttons" is unsupported by Firefox)');
      return id;
    }) as never);

    await announce([newMail(1)]);

    expect(create).toHaveBeenLastCalledWith(expect.stringContaining('INBOX.1.1'), expect.not.objectContaining({ buttons: expect.anything() }));
    expect(create.created().at(-1)?.[1]).toMatchObject({ title: 'Sender 1', message: 'Subject 1\nSnippet 1' });
  });

  it('falls back to the address and "(no subject)" when the message has neither name nor subject', async () => {
    const create = spyOnNotifications();
    await announce([newMail(2, { from: { name: '', address: 'noreply@example.test' }, subject: '', snippet: '' })]);
    expect(create.created().at(-1)?.[1]).toMatchObject({ title: 'noreply@example.test', message: '(no subject)' });
  });

  it('shows up to three messages separately, the newest last so it is on top', async () => {
    const create = spyOnNotifications();
    await announce([newMail(3), newMail(2), newMail(1)]);
    expect(create.created().map(([, o]) => o.title)).toEqual(['Sender 1', 'Sender 2', 'Sender 3']);
  });

  it('merges a new batch into a summary that is still open', async () => {
    const create = spyOnNotifications();
    await announce([4, 3, 2, 1].map((uid) => newMail(uid)));
    await announce([8, 7, 6, 5].map((uid) => newMail(uid)));

    expect(create).toHaveBeenCalledTimes(2);
    expect(create.created().at(-1)).toEqual([SUMMARY_ID, expect.objectContaining({ title: '8 new messages' })]);
    expect((await shownNotifications.getValue())[SUMMARY_ID]).toHaveLength(8);
  });
});
