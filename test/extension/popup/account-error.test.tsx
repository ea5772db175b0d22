// The popup's notice for a broken account: a refused sign-in gets "Fix sign-in",
// which opens the options page at that account (its editor, ready for the fix).
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AccountError } from '@/components/popup/AccountError';
import type { AccountView } from '@/utils/popup/model';
import { installI18n } from '../support/fake-i18n';
import { until } from '../support/worker';

const account = (change: Partial<AccountView>): AccountView => ({
  id: 'work mail',
  name: 'Work',
  email: 'me@work.example',
  state: 'auth-error',
  error: 'AUTHENTICATIONFAILED',
  unread: 0,
  messages: [],
  ...change,
});

beforeEach(() => {
  fakeBrowser.reset();
  installI18n();
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('AccountError', () => {
  it('offers "Fix sign-in" for a refused sign-in, opening the options page at that account', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    render(<AccountError account={account({})} />);
    expect(screen.getByRole('alert').textContent).toContain('AUTHENTICATIONFAILED');

    fireEvent.click(screen.getByRole('button', { name: 'Fix sign-in for Work' }));

    await until(() => expect(create).toHaveBeenCalledWith({ url: fakeBrowser.runtime.getURL('/options.html#account=work%20mail') }));
  });

  it('has no "Fix sign-in" for a server that cannot be reached', () => {
    render(<AccountError account={account({ state: 'error', error: 'ECONNREFUSED' })} />);
    expect(screen.queryByRole('button', { name: /Fix sign-in/ })).toBeNull();
  });
});
