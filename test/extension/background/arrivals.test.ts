// From found mail to what the user sees and hears, with the fake browser and an
// in-memory bridge: accounts named when there are several, one summary per
// batch even when the bridge pushes the batch as several statuses, and one
// sound per batch, from the offscreen document (Chrome) or the page (Firefox).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Summary } from '@/bridge/api-types';
import { arrivalsSettled, dropPendingArrivals } from '@/utils/background/arrivals';
import { checkNewMail } from '@/utils/background/mail-watch';
import { SUMMARY_ID } from '@/utils/background/notifications';
import { serialize } from '@/utils/background/serial';
import { DEFAULT_ACCOUNT_RULES, DEFAULT_RULES, mutedUntil, notifyRules, type NotifyRules } from '@/utils/storage/notify-rules';
import { lastStatus } from '@/utils/storage/status';
import { FakeApi } from '../support/fake-api';
import { installI18n } from '../support/fake-i18n';
import { spyOnNotifications } from '../support/notifications';
import { summaryWithUid } from '../support/summary';

let api: FakeApi;
let uid = 10;

function deliver(account: string, subject: string, from = `${subject.toLowerCase().replace(/\W/g, '')}@example.test`): Summary {
  const message = summaryWithUid(++uid, { id: `${account}-${uid}`, subject, from: { name: `From ${subject}`, address: from } });
  api.account(account).mailboxes.INBOX!.push(message);
  return message;
}

/** What a status push does: store it, look for new mail. */
async function push(): Promise<void> {
  const status = await api.status();
  await lastStatus.setValue(status);
  await serialize(() => checkNewMail(status, api));
}

async function settle(): Promise<void> {
  await serialize(async () => undefined);
  await arrivalsSettled();
}

async function setRules(change: Partial<NotifyRules>): Promise<void> {
  await notifyRules.setValue({ ...DEFAULT_RULES, ...change });
}

beforeEach(async () => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
  installI18n();
  api = new FakeApi([
    { id: 'work', name: 'Work', mailboxes: { INBOX: [] } },
    { id: 'home', name: 'Personal', mailboxes: { INBOX: [] } },
  ]);
  await push(); // the first look only takes a baseline
  await settle();
});

afterEach(() => {
  dropPendingArrivals();
  vi.unstubAllGlobals();
  delete (fakeBrowser as unknown as Record<string, unknown>).offscreen;
});

describe('naming the account', () => {
  it('names the account in each notification when there are several', async () => {
    const create = spyOnNotifications();
    deliver('work', 'Budget');
    deliver('home', 'Dinner');
    await push();
    await settle();

    expect(create.created().map(([, o]) => o.title).sort()).toEqual(['From Budget · Work', 'From Dinner · Personal']);
  });

  it('leaves the account out when there is only one', async () => {
    api.accounts.pop();
    await push();
    const create = spyOnNotifications();
    deliver('work', 'Budget');
    await push();
    await settle();

    expect(create.created().map(([, o]) => o.title)).toEqual(['From Budget']);
  });

  it('names the account in the summary: "5 new messages in Work"', async () => {
    const create = spyOnNotifications();
    for (const n of [1, 2, 3, 4, 5]) deliver('work', `Report ${n}`);
    await push();
    await settle();

    expect(create.created()).toEqual([[SUMMARY_ID, expect.objectContaining({ title: '5 new messages in Work' })]]);
  });

  it('says whose each line is when a summary spans accounts', async () => {
    const create = spyOnNotifications();
    for (const n of [1, 2, 3]) deliver('work', `Report ${n}`);
    deliver('home', 'Dinner');
    await push();
    await settle();

    expect(create).toHaveBeenCalledTimes(1);
    const [, options] = create.created()[0]!;
    expect(options.title).toBe('4 new messages');
    expect(options.message).toMatch(/^(Work|Personal) · From /m);
  });
});

describe('one summary per batch', () => {
  it('creates the summary once when the bridge pushes a batch of five as several statuses', async () => {
    const create = spyOnNotifications();
    for (const n of [1, 2]) deliver('work', `Part ${n}`);
    await push();
    for (const n of [3, 4, 5]) deliver('work', `Part ${n}`);
    await push();
    await settle();

    expect(create).toHaveBeenCalledTimes(1);
    expect(create.created()[0]).toEqual([SUMMARY_ID, expect.objectContaining({ title: '5 new messages in Work' })]);
  });

  it('replaces the open summary with the next batch instead of stacking another', async () => {
    const create = spyOnNotifications();
    for (const n of [1, 2, 3, 4]) deliver('work', `First ${n}`);
    await push();
    await settle();
    for (const n of [1, 2, 3, 4]) deliver('work', `Second ${n}`);
    await push();
    await settle();

    expect(create.created().map(([id]) => id)).toEqual([SUMMARY_ID, SUMMARY_ID]);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([SUMMARY_ID]);
    expect(create.created()[1]![1].title).toBe('8 new messages in Work');
  });
});

describe('rules applied in the background', () => {
  it('announces nothing while muted from the popup, but the badge status still has the count', async () => {
    const create = spyOnNotifications();
    await mutedUntil.setValue(Date.now() + 3_600_000);
    deliver('work', 'Hush');
    await push();
    await settle();

    expect(create).not.toHaveBeenCalled();
    expect((await lastStatus.getValue())?.total).toBe(1);
  });

  it('announces only VIP mail when the account says "only VIP"', async () => {
    const create = spyOnNotifications();
    await setRules({ accounts: { work: { ...DEFAULT_ACCOUNT_RULES, vip: ['boss.example'], onlyVip: true } } });
    deliver('work', 'From the boss', 'ceo@boss.example');
    deliver('work', 'Newsletter', 'news@shop.example');
    await push();
    await settle();

    expect(create.created().map(([, o]) => o.message.split('\n')[0])).toEqual(['From the boss']);
  });
});

describe('sound', () => {
  function stubOffscreen() {
    const offscreen = { hasDocument: vi.fn(async () => false), createDocument: vi.fn(async () => undefined) };
    (fakeBrowser as unknown as Record<string, unknown>).offscreen = offscreen;
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(true as never);
    // A Chrome service worker has no DOM and no Audio.
    vi.stubGlobal('Audio', undefined);
    return { offscreen, send };
  }

  it('is off by default', async () => {
    const { send, offscreen } = stubOffscreen();
    deliver('work', 'Silent');
    await push();
    await settle();

    expect(offscreen.createDocument).not.toHaveBeenCalled();
    expect(send).not.toHaveBeenCalled();
  });

  it('plays once per batch in Chrome, from the offscreen document, at the chosen sound and volume', async () => {
    const { send, offscreen } = stubOffscreen();
    await setRules({ sound: { enabled: true, name: 'bell', volume: 0.3 } });
    for (const n of [1, 2, 3, 4, 5]) deliver('work', `Loud ${n}`);
    await push();
    await settle();

    expect(offscreen.createDocument).toHaveBeenCalledTimes(1);
    expect(offscreen.createDocument).toHaveBeenCalledWith(expect.objectContaining({ url: '/offscreen.html', reasons: ['AUDIO_PLAYBACK'] }));
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith({ type: 'postbode-play-sound', url: expect.stringMatching(/\/sounds\/bell\.wav$/), volume: 0.3 });
  });

  it('stays silent in Chrome without the offscreen permission, and still notifies', async () => {
    const create = spyOnNotifications();
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    vi.stubGlobal('Audio', undefined);
    await setRules({ sound: { enabled: true, name: 'chime', volume: 1 } });
    deliver('work', 'No permission');
    await push();
    await settle();

    expect(create).toHaveBeenCalledTimes(1);
    expect(send).not.toHaveBeenCalled();
  });

  it('plays from the background page itself where there is a DOM (Firefox)', async () => {
    const played: Array<{ src: string; volume: number }> = [];
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(async function (this: HTMLMediaElement) {
      played.push({ src: this.src, volume: this.volume });
    });
    await setRules({ sound: { enabled: true, name: 'drop', volume: 0.5 } });
    deliver('work', 'One');
    deliver('home', 'Two');
    await push();
    await settle();

    expect(played).toEqual([{ src: expect.stringMatching(/\/sounds\/drop\.wav$/), volume: 0.5 }]);
  });

  it('plays nothing when quiet hours hold the batch back', async () => {
    const { send } = stubOffscreen();
    await setRules({ sound: { enabled: true, name: 'bell', volume: 1 }, quiet: { enabled: true, from: '00:00', to: '00:00', days: [0, 1, 2, 3, 4, 5, 6] } });
    deliver('work', 'At night');
    await push();
    await settle();

    expect(send).not.toHaveBeenCalled();
  });
});
