/**
 * Finding new mail after a status change: for each watched mailbox whose
 * unread count moved, list its newest unseen messages, diff them against what
 * storage remembers, remember, then announce.
 *
 * A count only says something about what happened between two statuses we
 * saw. Across a gap (the worker stopped, the socket or the bridge down), one
 * message can be read and another arrive with the count unchanged, so after a
 * gap `lookAgainEverywhere()` makes the next status look at every mailbox.
 */
import type { Status } from '@/bridge/api-types';
import type { MailApi } from '@/utils/bridge/api';
import { mailMemory, type MailMemory } from '@/utils/storage/background';
import { diffUnseen } from './new-mail';
import { queueArrivals } from './arrivals';
import { closeReadElsewhere, type NewMail } from './notifications';

/** The bridge's page size for unseen messages; new mail is always the newest. */
const UNSEEN_LIMIT = 20;

/** An unread count no status shows: the next one differs, so its mailbox is looked at. */
const LOOK_AGAIN = -1;

/**
 * Makes the next status look at every mailbox we remember, whatever its count.
 * Kept in `mailMemory` itself, so it survives a worker restart and a mailbox
 * that can't be looked at yet (account still connecting) is looked at later.
 * Call it inside `serialize()`, like `checkNewMail`.
 */
export async function lookAgainEverywhere(): Promise<void> {
  const memory = await mailMemory.getValue();
  let changed = false;
  for (const boxes of Object.values(memory)) {
    for (const [path, box] of Object.entries(boxes)) {
      if (box.unread === LOOK_AGAIN) continue;
      boxes[path] = { ...box, unread: LOOK_AGAIN };
      changed = true;
    }
  }
  if (changed) await mailMemory.setValue(memory);
}

/** Looks for new mail in every mailbox the status shows changed; queues it to be announced. */
export async function checkNewMail(status: Status, api: MailApi): Promise<void> {
  const before = await mailMemory.getValue();
  const after: MailMemory = {};
  const fresh: NewMail[] = [];

  for (const account of status.accounts) {
    const memory = (after[account.id] = {} as MailMemory[string]);
    for (const box of account.mailboxes) {
      const known = before[account.id]?.[box.path];
      // Nothing moved, or nothing to ask (the bridge would answer 503): keep what we know.
      if (account.state !== 'ok' || known?.unread === box.unread) {
        if (known) memory[box.path] = known;
        continue;
      }
      try {
        const unseen = await api.messages(account.id, box.path, { unseen: true, limit: UNSEEN_LIMIT });
        // First look: also learn the newest UID overall, so that an old message
        // marked unread later isn't taken for new mail.
        const floorUid = known ? 0 : ((await api.messages(account.id, box.path, { limit: 1 }))[0]?.uid ?? 0);
        const diff = diffUnseen(known, unseen, box.unread, floorUid);
        memory[box.path] = diff.memory;
        fresh.push(...diff.fresh.map((message) => ({ account, message })));
        await closeReadElsewhere(account.id, box.path, new Set(unseen.map((m) => m.id)));
      } catch (error) {
        // Keeping the old unread count means the next status looks again.
        if (known) memory[box.path] = known;
        console.warn({ msg: 'new-mail check failed', account: account.id, mailbox: box.path, err: String(error) });
      }
    }
  }

  // Remember before announcing: if the worker dies in between, a message goes
  // unannounced rather than announced twice. Whether and how is for the rules.
  await mailMemory.setValue(after);
  queueArrivals(fresh);
}
