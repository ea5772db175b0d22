import { createHash } from 'node:crypto';
import type { SignInOutcome } from './sign-in';

export type Language = 'en' | 'nl' | 'de';

/** Every text of the callback page, in the extension's three languages. `{…}` are filled in, escaped. */
const STRINGS = {
  en: {
    doneTitle: 'Signed in',
    failedTitle: 'Sign-in failed',
    ok: 'Postbode is signed in to {email}. You can close this tab.',
    connecting: 'Postbode is signed in to {email} and is connecting now. You can close this tab.',
    refused: 'Postbode is signed in to {email}, but the mail server did not accept it: {detail}',
    state: 'This sign-in link is not valid: it expired, was used already, or did not come from this bridge. Nothing was changed. Start the sign-in again from Postbode.',
    denied: 'The provider did not sign you in ({detail}). Nothing was changed. Start the sign-in again from Postbode.',
    exchange: 'The provider did not give Postbode access: {detail}. Start the sign-in again from Postbode.',
    noRefresh: 'The provider signed you in, but gave no refresh token, so Postbode could not stay signed in. Remove Postbode from the apps with access to your account and sign in again.',
    account: 'The account changed during the sign-in, so nothing was saved: {detail}',
  },
  nl: {
    doneTitle: 'Aangemeld',
    failedTitle: 'Aanmelden mislukt',
    ok: 'Postbode is aangemeld bij {email}. Je kunt dit tabblad sluiten.',
    connecting: 'Postbode is aangemeld bij {email} en maakt nu verbinding. Je kunt dit tabblad sluiten.',
    refused: 'Postbode is aangemeld bij {email}, maar de mailserver accepteerde het niet: {detail}',
    state: 'Deze aanmeldlink is niet geldig: hij is verlopen, al gebruikt, of kwam niet van deze bridge. Er is niets veranderd. Begin opnieuw met aanmelden vanuit Postbode.',
    denied: 'De provider heeft je niet aangemeld ({detail}). Er is niets veranderd. Begin opnieuw met aanmelden vanuit Postbode.',
    exchange: 'De provider gaf Postbode geen toegang: {detail}. Begin opnieuw met aanmelden vanuit Postbode.',
    noRefresh: 'De provider heeft je aangemeld, maar gaf geen refresh token, dus Postbode kan niet aangemeld blijven. Verwijder Postbode uit de apps met toegang tot je account en meld je opnieuw aan.',
    account: 'Het account is tijdens het aanmelden gewijzigd, dus er is niets opgeslagen: {detail}',
  },
  de: {
    doneTitle: 'Angemeldet',
    failedTitle: 'Anmeldung fehlgeschlagen',
    ok: 'Postbode ist bei {email} angemeldet. Du kannst diesen Tab schließen.',
    connecting: 'Postbode ist bei {email} angemeldet und verbindet sich gerade. Du kannst diesen Tab schließen.',
    refused: 'Postbode ist bei {email} angemeldet, aber der Mailserver hat es nicht angenommen: {detail}',
    state: 'Dieser Anmeldelink ist nicht gültig: Er ist abgelaufen, wurde schon benutzt oder kam nicht von dieser Bridge. Es wurde nichts geändert. Starte die Anmeldung in Postbode erneut.',
    denied: 'Der Anbieter hat dich nicht angemeldet ({detail}). Es wurde nichts geändert. Starte die Anmeldung in Postbode erneut.',
    exchange: 'Der Anbieter hat Postbode keinen Zugriff gegeben: {detail}. Starte die Anmeldung in Postbode erneut.',
    noRefresh: 'Der Anbieter hat dich angemeldet, aber kein Refresh-Token ausgestellt, daher kann Postbode nicht angemeldet bleiben. Entferne Postbode aus den Apps mit Zugriff auf dein Konto und melde dich erneut an.',
    account: 'Das Konto wurde während der Anmeldung geändert, daher wurde nichts gespeichert: {detail}',
  },
} as const satisfies Record<Language, Record<string, string>>;

const STYLE =
  ':root{color-scheme:light dark;font:16px/1.5 system-ui,sans-serif}' +
  'main{max-width:32rem;margin:15vh auto;padding:0 1.5rem}' +
  'h1{font-size:1.4rem}.ok h1{color:#1a7f37}.failed h1{color:#cf222e}';

/**
 * The page admits nothing but its own inline style (by hash): no script, no image, no
 * form, no frame, no other origin. It is shown at the callback URL, whose query holds
 * the code and state, so it must not be able to send anything anywhere.
 */
const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': CSP,
  'cache-control': 'no-store',
  // The callback URL carries the code: never in a Referer.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

/** The first of en, nl, de the browser asks for (by q-value), else English. */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean) ?? 1);
      return { language: tag.trim().toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const found = wanted.find((entry): entry is typeof entry & { language: Language } => entry.language === 'en' || entry.language === 'nl' || entry.language === 'de');
  return found?.language ?? 'en';
}

/** The callback page for an outcome: 200 when signed in, 400 when not. */
export function signInPage(outcome: SignInOutcome, language: Language): { status: 200 | 400; html: string } {
  const strings = STRINGS[language];
  let text: string;
  if (outcome.ok) {
    const key = outcome.state === 'ok' ? 'ok' : outcome.state === 'connecting' ? 'connecting' : 'refused';
    text = fill(strings[key], { email: outcome.email, detail: outcome.error ?? '' });
  } else {
    const key = ({ state: 'state', denied: 'denied', exchange: 'exchange', 'no-refresh': 'noRefresh', account: 'account' } as const)[outcome.reason];
    text = fill(strings[key], { detail: outcome.detail ?? '' });
  }
  const title = outcome.ok ? strings.doneTitle : strings.failedTitle;
  const html =
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><title>Postbode: ${escape(title)}</title>` +
    `<style>${STYLE}</style></head><body><main class="${outcome.ok ? 'ok' : 'failed'}">` +
    `<h1>${escape(title)}</h1><p>${text}</p></main></body></html>`;
  return { status: outcome.ok ? 200 : 400, html };
}

function fill(template: string, values: Record<string, string>): string {
  return escape(template).replace(/\{(\w+)\}/g, (_, name: string) => escape(values[name] ?? ''));
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
