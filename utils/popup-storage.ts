/**
 * What the popup keeps between openings: the last list it showed (so it opens
 * on something at once and refreshes behind it) and reply drafts (so closing
 * the popup never loses one). Declared once, in `storage.local`.
 */
import { storage } from '#imports';
import type { Summary } from '@/bridge/api-types';
import type { AccountView } from './popup-model';

export interface PopupCache {
  /** The bridge URL the list came from: a different pairing shows nothing stale. */
  bridgeUrl: string;
  savedAt: number;
  accounts: AccountView[];
}

export const popupCache = storage.defineItem<PopupCache | null>('local:popupCache', {
  fallback: null,
});

export interface ReplyDraft {
  text: string;
  all: boolean;
  savedAt: number;
}

/** Drafts by {@link draftKey}. */
export const replyDrafts = storage.defineItem<Record<string, ReplyDraft>>('local:replyDrafts', {
  fallback: {},
});

export function draftKey(account: string, id: string): string {
  return `${account}/${id}`;
}

/** Saves (or with `null`, forgets) the draft for one message. */
export async function saveDraft(key: string, draft: ReplyDraft | null): Promise<void> {
  const all = { ...(await replyDrafts.getValue()) };
  if (draft && draft.text.trim()) all[key] = draft;
  else delete all[key];
  await replyDrafts.setValue(all);
}

export async function loadDraft(key: string): Promise<ReplyDraft | null> {
  return (await replyDrafts.getValue())[key] ?? null;
}

export interface OpenMessage {
  account: string;
  summary: Summary;
}

/**
 * The message on screen, so a popup closed in the middle of a reply opens on
 * that message and its draft again (an opened message is read, so it would no
 * longer be in the unread list to find).
 */
export const openMessage = storage.defineItem<OpenMessage | null>('local:popupOpenMessage', {
  fallback: null,
});

/** The message to reopen because it has an unsent draft, if any. */
export async function messageWithDraft(): Promise<OpenMessage | null> {
  const open = await openMessage.getValue();
  if (!open) return null;
  return (await loadDraft(draftKey(open.account, open.summary.id))) ? open : null;
}
