import { render } from '@testing-library/preact';
import type { ComponentProps } from 'preact';
import { App } from '@/entrypoints/popup/App';
import { readPopupStart } from '@/utils/storage/popup';

/** Opens the popup as `main.tsx` does: what storage holds is read first, then the App renders. */
export async function renderPopup(props: Omit<ComponentProps<typeof App>, 'start'> = {}) {
  return render(<App start={await readPopupStart()} {...props} />);
}
