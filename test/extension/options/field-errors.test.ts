// A failed save's words on the options page: the bridge's field complaints beside
// their fields, and otherwise a sentence in the user's language — never an
// exception's own text such as "Failed to fetch".
import { beforeEach, describe, expect, it } from 'vitest';
import { BridgeError, unreachable } from '@/utils/bridge/errors';
import { formErrors } from '@/utils/options/field-errors';
import { installI18n } from '../support/fake-i18n';

beforeEach(() => installI18n('en'));

describe('formErrors', () => {
  it('puts each validation complaint beside its field', () => {
    const errors = formErrors(new BridgeError('bad_request', 'imap.port: Too big; email: Invalid email', 400));
    expect(Object.keys(errors.fields).sort()).toEqual(['email', 'imap.port']);
    expect(errors.general).toBeUndefined();
  });

  it('says the bridge is out of reach in words, not the fetch exception', () => {
    expect(formErrors(unreachable(new TypeError('Failed to fetch')))).toEqual({ fields: {}, general: "Can't reach the Postbode bridge." });
  });

  it('shows no raw exception text for a failure that is not the bridge’s', () => {
    expect(formErrors(new TypeError('Failed to fetch')).general).toBe('Something went wrong.');
  });

  it('keeps the mail server’s own words after the sentence, since they say what to fix', () => {
    const general = formErrors(new BridgeError('mail_server', 'self-signed certificate in certificate chain', 502)).general;
    expect(general).toBe('The mail server refused or did not answer. (self-signed certificate in certificate chain)');
  });

  it('speaks the user’s language', () => {
    installI18n('nl');
    expect(formErrors(new TypeError('Failed to fetch')).general).not.toContain('Failed to fetch');
    expect(formErrors(new TypeError('Failed to fetch')).general).not.toBe('Something went wrong.');
  });
});
