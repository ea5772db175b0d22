// Search results as the popup's actions left them: changed, moved away, back under a new id.
import { describe, expect, it } from 'vitest';
import { resultsNow, rowKey, type ResultChanges } from '@/utils/popup/model';
import { summary } from '../support/summary';

describe('resultsNow', () => {
  const [a, b] = [summary('A'), summary('B')];

  it('shows a result as changed, and leaves out one moved away', () => {
    const changes: ResultChanges = new Map([
      [rowKey('w', a!.id), { ...a!, seen: true }],
      [rowKey('w', b!.id), null],
    ]);
    expect(resultsNow(changes, 'w', [a!, b!])).toEqual([{ ...a!, seen: true }]);
    expect(resultsNow(changes, 'other', [a!, b!])).toEqual([a, b]);
  });

  it('brings back a result whose move was undone, by its new id, once, whether the search still had it or not', () => {
    const changes: ResultChanges = new Map([
      [rowKey('w', b!.id), { ...b!, id: 'restored' }],
      [rowKey('w', 'restored'), { ...b!, id: 'restored', flagged: true }],
    ]);
    const back = { ...b!, id: 'restored', flagged: true };
    expect(resultsNow(changes, 'w', [a!, b!])).toEqual([a, back]);
    expect(resultsNow(changes, 'w', [a!])).toEqual([a, back]);
    expect(resultsNow(changes, 'w', [a!, { ...b!, id: 'restored' }])).toEqual([a, back]);
  });
});
