/**
 * The toolbar badge: what users look at a hundred times a day. It shows the
 * total unseen count, or one distinct look per problem, so that a number is
 * only ever shown when it is true.
 */
import { browser } from 'wxt/browser';
import type { Status } from '@/bridge/api-types';
import { stateLabel } from '@/utils/account-state';
import { t } from '@/utils/i18n';
import { readRules, rulesFor, type NotifyRules } from '@/utils/storage/notify-rules';
import { pairing } from '@/utils/storage/pairing';
import { connection, lastStatus, type Connection } from '@/utils/storage/status';

export type BadgeKind = 'count' | 'unpaired' | 'unreachable' | 'account-error';

export interface BadgeLook {
  kind: BadgeKind;
  text: string;
  /** Badge background. */
  color: string;
  /** Tooltip: one line per account with its count or state. */
  title: string;
}

/**
 * One colour per kind, so a glance tells "mail" from "something's wrong":
 * calm blue for a count, red when an account fails, grey when the bridge is
 * away, purple while Postbode isn't (or no longer) paired.
 */
export const BADGE_COLORS: Record<BadgeKind, string> = {
  count: '#1a73e8',
  'account-error': '#d93025',
  unreachable: '#5f6368',
  unpaired: '#8430ce',
};

const BADGE_TEXT_COLOR = '#ffffff';

/** `0` → empty (no badge), `7` → `7`, `120` → `99+`: the badge has room for about four characters. */
export function countText(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}

/** The badge for a connection state and the last status (pure: no browser calls). */
export function computeBadge(conn: Connection, status: Status | null, bridgeUrl = ''): BadgeLook {
  if (conn.state === 'unpaired') {
    return { kind: 'unpaired', text: '?', color: BADGE_COLORS.unpaired, title: t('badge_title_unpaired') };
  }
  if (conn.state === 'unauthorized') {
    // A refused token is a pairing problem: same look, a tooltip that says why.
    return { kind: 'unpaired', text: '?', color: BADGE_COLORS.unpaired, title: t('badge_title_unauthorized') };
  }
  if (conn.state === 'unreachable' || !status) {
    return {
      kind: 'unreachable',
      text: '×',
      color: BADGE_COLORS.unreachable,
      title: t('badge_title_unreachable', bridgeUrl),
    };
  }

  const lines = [t('badge_title_summary', status.total)];
  if (status.accounts.length === 0) lines.push(t('badge_title_no_accounts'));
  for (const account of status.accounts) {
    lines.push(
      account.state === 'ok'
        ? t('badge_title_account_unread', account.name, account.unread)
        : t('badge_title_account_state', account.name, stateLabel(account.state)) +
            (account.error ? ` (${account.error})` : ''),
    );
  }
  const title = lines.join('\n');

  const failing = status.accounts.some((a) => a.state === 'auth-error' || a.state === 'error');
  if (failing) {
    // Keep the count visible (the other accounts still work) but mark it.
    return { kind: 'account-error', text: `${countText(status.total)}!`, color: BADGE_COLORS['account-error'], title };
  }
  return { kind: 'count', text: countText(status.total), color: BADGE_COLORS.count, title };
}

/**
 * The status as the badge counts it: without the folders the user chose to
 * leave off the badge (they may still notify: counting and notifying are separate).
 */
export function countedStatus(status: Status, rules: NotifyRules): Status {
  const accounts = status.accounts.map((account) => {
    const uncounted = rulesFor(rules, account.id).uncountedFolders;
    if (uncounted.length === 0) return account;
    const mailboxes = account.mailboxes.filter((m) => !uncounted.includes(m.path));
    return { ...account, unread: mailboxes.reduce((n, m) => n + m.unread, 0) };
  });
  return { ...status, accounts, total: accounts.reduce((n, a) => n + a.unread, 0) };
}

/** Draws the badge from what storage knows now. */
export async function renderBadge(): Promise<BadgeLook> {
  const [conn, stored, paired, rules] = await Promise.all([
    connection.getValue(),
    lastStatus.getValue(),
    pairing.getValue(),
    readRules(),
  ]);
  const status = stored && countedStatus(stored, rules);
  const look = computeBadge(paired ? conn : { state: 'unpaired', since: conn.since }, status, paired?.url);
  await Promise.all([
    browser.action.setBadgeText({ text: look.text }),
    browser.action.setBadgeBackgroundColor({ color: look.color }),
    browser.action.setTitle({ title: look.title }),
    // Not in every browser (Chrome < 110); the default text colour is fine there.
    browser.action.setBadgeTextColor?.({ color: BADGE_TEXT_COLOR }),
  ]);
  return look;
}
