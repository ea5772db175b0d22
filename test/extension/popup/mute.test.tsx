// "Mute for 1 hour / until tomorrow" from the popup header: keyboard-reachable,
// stored for the background (which then holds notifications, not the badge).
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MuteMenu } from '@/components/popup/MuteMenu';
import { mutedUntil } from '@/utils/storage/notify-rules';
import { localTimeZone, tomorrowAt } from '@/utils/zoned-time';
import { en, installI18n } from '../support/fake-i18n';
import { until } from '../support/worker';

const NOW = Date.parse('2026-12-07T15:00:00Z');

beforeEach(() => {
  fakeBrowser.reset();
  installI18n();
});

afterEach(cleanup);

describe('mute from the popup', () => {
  it('mutes for an hour, and the button then says until when', async () => {
    render(<MuteMenu now={() => NOW} />);
    const bell = await screen.findByRole('button', { name: en('popup_mute') });
    expect(bell.getAttribute('aria-expanded')).toBe('false');

    fireEvent.click(bell);
    fireEvent.click(screen.getByRole('button', { name: en('popup_mute_hour') }));

    await until(async () => expect(await mutedUntil.getValue()).toBe(NOW + 3_600_000));
    await until(() => expect(screen.getByRole('button', { name: /^Notifications muted until / })).toBeTruthy());
    // Focus goes back to the bell, so the keyboard user isn't dropped at the top of the page.
    await until(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: /^Notifications muted until / })));
  });

  it('mutes until tomorrow morning in the user\'s time zone, and unmutes', async () => {
    render(<MuteMenu now={() => NOW} />);
    fireEvent.click(await screen.findByRole('button', { name: en('popup_mute') }));
    fireEvent.click(screen.getByRole('button', { name: en('popup_mute_tomorrow') }));
    await until(async () => expect(await mutedUntil.getValue()).toBe(tomorrowAt(NOW, localTimeZone())));

    fireEvent.click(await screen.findByRole('button', { name: /^Notifications muted until / }));
    fireEvent.click(screen.getByRole('button', { name: en('popup_unmute') }));
    await until(async () => expect(await mutedUntil.getValue()).toBe(0));
  });

  it('closes its choices with Escape without the popup going "back"', async () => {
    let back = 0;
    const onWindowKey = (e: KeyboardEvent) => e.key === 'Escape' && back++;
    window.addEventListener('keydown', onWindowKey);
    render(<MuteMenu now={() => NOW} />);
    fireEvent.click(await screen.findByRole('button', { name: en('popup_mute') }));
    const choice = screen.getByRole('button', { name: en('popup_mute_hour') });

    fireEvent.keyDown(choice, { key: 'Escape' });

    expect(screen.queryByRole('button', { name: en('popup_mute_hour') })).toBeNull();
    expect(back).toBe(0);
    window.removeEventListener('keydown', onWindowKey);
  });
});
