/**
 * A Preact hook over a WXT storage item: its current value (`undefined` while
 * loading), kept live when the background or another page changes it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { WxtStorageItem } from '#imports';

export function useStorageItem<T>(item: WxtStorageItem<T, Record<string, unknown>>): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void item.getValue().then((v) => {
      if (live) setValue(() => v);
    });
    const unwatch = item.watch((v) => setValue(() => v));
    return () => {
      live = false;
      unwatch();
    };
  }, [item]);
  return value;
}
