import { describe, expect, it } from 'vitest';
import type { Summary } from '@/bridge/api-types';
import { diffUnseen, fingerprint, SEEN_LIMIT, type MailboxMemory } from '@/utils/background/new-mail';
import { summaryWithUid } from '../support/summary';

function msg(uid: number, subject = `Message ${uid}`): Summary {
  return summaryWithUid(uid, { subject });
}

/** Unseen lists come newest first from the bridge. */
const newestFirst = (...uids: number[]) => uids.sort((a, b) => b - a).map((uid) => msg(uid));

describe('diffUnseen', () => {
  it('takes a baseline on the first look and announces nothing', () => {
    const { fresh, memory } = diffUnseen(undefined, newestFirst(3, 2), 2, 5);
    expect(fresh).toEqual([]);
    expect(memory).toMatchObject({ unread: 2, maxUid: 5 });
    expect(memory.seen).toHaveLength(2);
  });

  it('announces messages that arrived since the last look, newest first', () => {
    const before = diffUnseen(undefined, newestFirst(2), 1, 2).memory;
    const { fresh } = diffUnseen(before, newestFirst(2, 3, 4), 3);
    expect(fresh.map((m) => m.uid)).toEqual([4, 3]);
  });

  it('never announces the same message twice', () => {
    let memory = diffUnseen(undefined, [], 0, 1).memory;
    const first = diffUnseen(memory, newestFirst(2), 1);
    memory = first.memory;
    const again = diffUnseen(memory, newestFirst(2), 1);
    expect(first.fresh.map((m) => m.uid)).toEqual([2]);
    expect(again.fresh).toEqual([]);
  });

  it('does not announce a message that was read elsewhere before we looked', () => {
    const memory = diffUnseen(undefined, [], 0, 10).memory;
    // UID 11 arrived and was read on the phone; only 12 is still unseen.
    const { fresh } = diffUnseen(memory, newestFirst(12), 1);
    expect(fresh.map((m) => m.uid)).toEqual([12]);
  });

  it('does not take an old message for new when it slides into the unseen window', () => {
    const memory = diffUnseen(undefined, newestFirst(30, 29), 25, 30).memory; // 25 unseen, 20 listed
    const { fresh } = diffUnseen(memory, newestFirst(28, 27), 23); // the newest two were read
    expect(fresh).toEqual([]);
  });

  it('does not take an old message marked unread again for new', () => {
    const memory = diffUnseen(undefined, [], 0, 40).memory;
    expect(diffUnseen(memory, newestFirst(17), 1).fresh).toEqual([]);
  });

  it('does not announce again a message that comes back under a new UID (undo of a delete)', () => {
    const original = msg(5, 'Invoice');
    const memory = diffUnseen(diffUnseen(undefined, [], 0, 4).memory, [original], 1).memory;
    const restored = { ...original, id: 'INBOX.1.9', uid: 9 };
    expect(diffUnseen(memory, [restored], 1).fresh).toEqual([]);
  });

  it('keeps the seen list bounded, forgetting the oldest', () => {
    let memory: MailboxMemory = diffUnseen(undefined, [], 0, 0).memory;
    for (let uid = 1; uid <= SEEN_LIMIT + 50; uid += 10) {
      memory = diffUnseen(memory, newestFirst(...Array.from({ length: 10 }, (_, i) => uid + i)), 10).memory;
    }
    expect(memory.seen).toHaveLength(SEEN_LIMIT);
    expect(memory.seen).not.toContain(fingerprint(msg(1)));
    expect(memory.seen.at(-1)).toBe(fingerprint(msg(SEEN_LIMIT + 50)));
  });
});

describe('fingerprint', () => {
  it('is the same for the same message in another place and differs between messages', () => {
    const archived: Summary = { ...msg(1, 'A'), id: 'Archive.7.3', mailbox: 'Archive', uid: 3 };
    expect(fingerprint(msg(1, 'A'))).toBe(fingerprint(archived));
    expect(fingerprint(msg(1, 'A'))).not.toBe(fingerprint(msg(1, 'B')));
  });
});
