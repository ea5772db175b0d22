// Rendering the popup in a fake browser, and finding things in its list.
import { render, screen, within } from '@testing-library/preact';
import type { ComponentProps } from 'preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '@/entrypoints/popup/App';
import { pairing, type Pairing } from '@/utils/storage/pairing';
import { readPopupStart } from '@/utils/storage/popup';
import { installI18n } from './fake-i18n';

/** A pairing nothing answers at: the popup tests hand the App a FakeApi instead. */
export const PAIRING: Pairing = { url: 'http://127.0.0.1:7143', token: 't'.repeat(43) };

/** What each popup test starts from: a fresh fake browser, in English, paired. */
export async function startPaired(): Promise<void> {
  fakeBrowser.reset();
  installI18n('en');
  await pairing.setValue(PAIRING);
}

/** Opens the popup as `main.tsx` does: what storage holds is read first, then the App renders. */
export async function renderPopup(props: Omit<ComponentProps<typeof App>, 'start'> = {}) {
  return render(<App start={await readPopupStart()} {...props} />);
}

/** The list's row with this subject. */
export function row(subject: string): HTMLElement {
  const found = screen.queryAllByRole('listitem').find((li) => within(li).queryByText(subject));
  if (!found) throw new Error(`no row with subject ${subject}`);
  return found;
}

/** The subjects in the list, top to bottom. */
export function listedSubjects(): (string | null | undefined)[] {
  return screen.queryAllByRole('listitem').map((li) => li.querySelector('.row__subject')?.textContent);
}
