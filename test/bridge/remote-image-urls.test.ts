// The remote-image proxy fetches only URLs that occur in the message itself.
import { describe, expect, it } from 'vitest';
import { occursInMessage } from '../../bridge/remote/images';

describe('remote image URLs', () => {
  it('allows only URLs that occur in the message HTML', () => {
    const html = '<img src="https://img.example/a.png?x=1&amp;y=2">';
    expect(occursInMessage('https://img.example/a.png?x=1&y=2', html)).toBe(true);
    expect(occursInMessage('https://img.example/b.png', html)).toBe(false);
    expect(occursInMessage('https://img.example/a.png', null)).toBe(false);
  });
});
