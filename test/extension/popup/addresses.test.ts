import { describe, expect, it } from 'vitest';
import { acceptSuggestion, currentEntry, parseAddresses, suggest } from '@/utils/popup/addresses';

describe('address fields', () => {
  it.each([
    ['ann@example.test', [{ name: '', address: 'ann@example.test' }], []],
    ['Ann Lee <ann@example.test>, bob@example.test;', [{ name: 'Ann Lee', address: 'ann@example.test' }, { name: '', address: 'bob@example.test' }], []],
    ['"Doe, Jane" <jane@example.test>', [{ name: 'Doe, Jane', address: 'jane@example.test' }], []],
    ['ann, bob@example.test', [{ name: '', address: 'bob@example.test' }], ['ann']],
    ['Evil <a@b>\r\nBcc: x@y', [], ['Evil <a@b>\r\nBcc: x@y']],
  ])('parses %j', (text, addresses, invalid) => {
    expect(parseAddresses(text)).toEqual({ addresses, invalid });
  });

  it('finds the entry being typed and replaces it with a suggestion', () => {
    expect(currentEntry('ann@example.test, bo')).toEqual({ start: 17, word: 'bo' });
    expect(acceptSuggestion('ann@example.test, bo', { name: 'Bob', address: 'bob@example.test' })).toBe(
      'ann@example.test, Bob <bob@example.test>, ',
    );
  });

  it('suggests people whose name or address starts with what is typed, not those already there', () => {
    const people = [
      { name: 'Bob Builder', address: 'bob@example.test' },
      { name: 'Ann Lee', address: 'ann@example.test' },
      { name: '', address: 'billing@shop.test' },
    ];
    expect(suggest(people, 'b').map((p) => p.address)).toEqual(['bob@example.test', 'billing@shop.test']);
    expect(suggest(people, 'lee').map((p) => p.address)).toEqual(['ann@example.test']);
    expect(suggest(people, 'bob@example.test, b').map((p) => p.address)).toEqual(['billing@shop.test']);
    expect(suggest(people, '')).toEqual([]);
  });
});
