// The account form's rules, without a page: only what changed is sent, a secret left
// empty keeps the saved one, and a new sign-in reaches SMTP unless told otherwise.
import { describe, expect, it } from 'vitest';
import type { AccountView } from '@/bridge/api-types';
import { accountPatch, inputFromAccount, newAccount, type AccountInput } from '@/utils/options/account-form';

const SAVED: AccountView = {
  id: 'work',
  name: 'Work',
  email: 'me@work.example',
  watch: ['INBOX'],
  imap: { host: 'imap.work.example', port: 993, security: 'tls', user: 'me', rejectUnauthorized: true, auth: 'password', signedIn: true },
  smtp: { host: 'smtp.work.example', port: 465, security: 'tls', user: 'me', rejectUnauthorized: true, auth: 'password', signedIn: true },
};

const edit = (change: (input: AccountInput) => void) => {
  const input = inputFromAccount(SAVED);
  change(input);
  return accountPatch(SAVED, input);
};

describe('accountPatch', () => {
  it('is empty when nothing changed, and an empty password keeps the saved one', () => {
    expect(edit(() => {})).toEqual({});
  });

  it('sends only the fields that changed, clearing optional ones with null', () => {
    expect(
      edit((input) => {
        input.senderName = ' Me Myself ';
        input.imap.port = '143';
        input.imap.security = 'starttls';
        input.watch = ['INBOX', 'Lists'];
      }),
    ).toEqual({ senderName: 'Me Myself', watch: ['INBOX', 'Lists'], imap: { port: 143, security: 'starttls' } });
    const withWebmail = { ...SAVED, webmailUrl: 'https://mail.work.example/', senderName: 'Me' };
    const input = inputFromAccount(withWebmail);
    input.webmailUrl = '';
    input.senderName = '';
    expect(accountPatch(withWebmail, input)).toEqual({ webmailUrl: null, senderName: null });
  });

  it('sends a new password to IMAP and SMTP, or to IMAP alone when SMTP keeps its own', () => {
    expect(edit((input) => (input.auth.password = 'new'))).toEqual({ imap: { password: 'new' }, smtp: { password: 'new' } });
    expect(
      edit((input) => {
        input.auth.password = 'new';
        input.smtpSameSignIn = false;
      }),
    ).toEqual({ imap: { password: 'new' } });
  });

  it('switches to OAuth with the provider and client id, and removes SMTP when its host is emptied', () => {
    expect(
      edit((input) => {
        input.auth = { ...input.auth, kind: 'oauth2', provider: 'microsoft', clientId: ' abc ' };
        input.smtp.host = '';
      }),
    ).toEqual({ imap: { oauth2: { provider: 'microsoft', clientId: 'abc' } }, smtp: null });
  });

  it('keeps a saved OAuth block (and so its refresh token) when provider and client are the same', () => {
    const oauth: AccountView = { ...SAVED, imap: { ...SAVED.imap, auth: 'oauth2', oauth2: { provider: 'google', clientId: 'id', clientSecret: true } } };
    const input = inputFromAccount(oauth);
    expect(accountPatch(oauth, input).imap).toBeUndefined();
    input.auth.clientId = 'other';
    // The secret the API never shows is not sent back as `true`.
    expect(accountPatch(oauth, input).imap).toEqual({ oauth2: { provider: 'google', clientId: 'other' } });
  });
});

describe('newAccount', () => {
  it('uses the address as the user name where none was typed, and leaves out empty optional fields', () => {
    const input = inputFromAccount(SAVED);
    input.email = 'new@work.example';
    input.imap.user = '';
    input.name = '';
    input.auth.password = 'pw';
    input.smtp.host = '';
    expect(newAccount(input)).toEqual({
      email: 'new@work.example',
      imap: { host: 'imap.work.example', port: 993, security: 'tls', user: 'new@work.example', password: 'pw' },
    });
  });
});
