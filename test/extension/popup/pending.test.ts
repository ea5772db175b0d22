// A list loaded while an action is in flight: what the action makes of its row
// depends on the kind of action and on the view the list is for.
import { describe, expect, it } from 'vitest';
import type { Summary } from '@/bridge/api-types';
import { mergeFresh, rowKey, type AccountView, type ListShow, type Pending } from '@/utils/popup/model';
import { summary } from '../support/summary';

function account(messages: Summary[], show: ListShow = 'unread', unread = messages.filter((m) => !m.seen).length): AccountView {
  return { id: 'w', name: 'W', email: 'w@x', state: 'ok', unread, messages, show };
}

const subjects = (list: AccountView[]) => list[0]!.messages.map((m) => `${m.subject}${m.seen ? ' (seen)' : ''}`);

describe('mergeFresh with actions in flight', () => {
  const [a, b, c] = [summary('A'), summary('B'), summary('C')];
  const pending = (entries: [Summary, Pending][]) => new Map(entries.map(([m, kind]) => [rowKey('w', m.id), kind]));

  it('shows a row being marked read as seen in All mail, and leaves it out of Unread', () => {
    const marking = pending([[b!, 'read']]);
    const all = mergeFresh([account([a!, c!], 'all')], [account([a!, b!, c!], 'all')], marking, new Set());
    expect(subjects(all)).toEqual(['A', 'B (seen)', 'C']);
    expect(all[0]!.unread).toBe(2);

    const unread = mergeFresh([account([a!, c!])], [account([a!, b!, c!])], marking, new Set());
    expect(subjects(unread)).toEqual(['A', 'C']);
    expect(unread[0]!.unread).toBe(2);
  });

  it('keeps a row being moved away out of every view', () => {
    const moving = pending([[b!, 'away']]);
    for (const show of ['unread', 'all'] as const) {
      const merged = mergeFresh([account([a!, c!], show)], [account([a!, b!, c!], show)], moving, new Set());
      expect(subjects(merged)).toEqual(['A', 'C']);
      expect(merged[0]!.unread).toBe(2);
    }
  });

  it('shows a row being marked unread as unseen, in All mail and in Unread (where the server no longer lists it)', () => {
    const seenB = { ...b!, seen: true };
    const marking = pending([[b!, 'unread']]);
    const all = mergeFresh([account([a!, b!, c!], 'all')], [account([a!, seenB, c!], 'all', 2)], marking, new Set());
    expect(subjects(all)).toEqual(['A', 'B', 'C']);
    expect(all[0]!.unread).toBe(3);

    const unread = mergeFresh([account([a!, b!, c!])], [account([a!, c!], 'unread', 2)], marking, new Set());
    expect(subjects(unread)).toEqual(['A', 'B', 'C']);
    expect(unread[0]!.unread).toBe(3);
  });

  it('keeps a row an Undo is moving back while the server doesn\'t list it yet, and counts it', () => {
    const back = pending([[b!, 'back']]);
    const merged = mergeFresh([account([a!, b!, c!])], [account([a!, c!])], back, new Set());
    expect(subjects(merged)).toEqual(['A', 'B', 'C']);
    expect(merged[0]!.unread).toBe(3);

    const listed = mergeFresh([account([a!, b!, c!])], [account([a!, b!, c!])], back, new Set());
    expect(subjects(listed)).toEqual(['A', 'B', 'C']);
    expect(listed[0]!.unread).toBe(3);
  });

  it('keeps an opened row being marked read in Unread, as seen', () => {
    const merged = mergeFresh([account([a!, { ...b!, seen: true }])], [account([a!, b!])], pending([[b!, 'read']]), new Set([rowKey('w', b!.id)]));
    expect(subjects(merged)).toEqual(['A', 'B (seen)']);
    expect(merged[0]!.unread).toBe(1);
  });

  it('keeps the view the account switched to while the list was loading for the other one', () => {
    const seenB = { ...b!, seen: true };
    const merged = mergeFresh([account([a!, seenB, c!], 'all')], [account([a!, c!], 'unread')], new Map(), new Set());
    expect(merged[0]!.show).toBe('all');
    expect(subjects(merged)).toEqual(['A', 'B (seen)', 'C']);
  });
});
