// The list's pure operations that optimistic actions and their undo are made of.
import { describe, expect, it } from 'vitest';
import { putBack, take, type AccountView } from '@/utils/popup/model';
import { summary } from '../support/summary';

describe('take and putBack', () => {
  it('puts a message back at its place and keeps the count true', () => {
    const [a, b, c] = [summary('A'), summary('B'), summary('C')];
    const accounts: AccountView[] = [{ id: 'w', name: 'W', email: 'w@x', state: 'ok', unread: 3, messages: [a!, b!, c!] }];
    const { accounts: without, taken } = take(accounts, 'w', b!.id);
    expect(without[0]!.messages.map((m) => m.subject)).toEqual(['A', 'C']);
    expect(without[0]!.unread).toBe(2);
    const back = putBack(without, taken!);
    expect(back[0]!.messages.map((m) => m.subject)).toEqual(['A', 'B', 'C']);
    expect(back[0]!.unread).toBe(3);
  });
});
