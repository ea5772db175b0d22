import { describe, expect, it } from 'vitest';
import { fileSize } from '@/utils/popup/size';

describe('fileSize', () => {
  it.each([
    [29, 'en', '29 bytes'],
    [1, 'en', '1 byte'],
    [29, 'nl', '29 byte'],
    [29, 'de', '29 Byte'],
    [2048, 'en', '2 kB'],
    [1_450_000, 'en', '1.5 MB'],
    [1_450_000, 'de', '1,5 MB'],
  ])('%i bytes in %s read "%s"', (bytes, locale, expected) => {
    expect(fileSize(bytes, locale)).toBe(expected);
  });
});
