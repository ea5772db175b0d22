/**
 * What the popup keeps between openings: the last list it showed (so it opens
 * on something at once and refreshes behind it) and reply drafts (so closing
 * the popup never loses one). Declared once, in `storage.local`.
 */
import { storage } from '#imports';
import type { Summary } from '@/bridge/api-types';
import type { AccountView } from '@/utils/popup/model';
import { pairing, type Pairing } from './pairing';

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

/** A file attached to a new message, read as base64 (what the bridge takes). */
export interface DraftAttachment {
  filename: string;
  contentType: string;
  size: number;
  contentBase64: string;
}

/** A new message being written; address fields as typed. */
export interface ComposeDraft {
  account: string;
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  text: string;
  attachments: DraftAttachment[];
  savedAt: number;
}

/** The one new message being written, kept across popup closes like reply drafts. */
export const composeDraft = storage.defineItem<ComposeDraft | null>('local:popupComposeDraft', {
  fallback: null,
});

/** What {@link readPopupStart} reads, in the order it takes them apart. */
const START_ITEMS = [pairing, popupCache, openMessage, replyDrafts, composeDraft] as const;

/** What the popup's first screen depends on, read from storage at once. */
export interface PopupStart {
  pairing: Pairing | null;
  cache: PopupCache | null;
  /** The message to reopen because it has an unsent draft, if any. */
  resume: OpenMessage | null;
  /** A new message was being written: the popup opens on it again. */
  composing?: boolean;
}

/**
 * Reads {@link PopupStart} in one `storage.local.get`: the popup opens on the
 * cached list, and each storage round trip before it shows is time the user waits.
 */
export async function readPopupStart(): Promise<PopupStart> {
  return popupStartOf(await readPopupStartValues());
}

/** What {@link readPopupStart} reads, as stored: by `storage.local` key ({@link POPUP_START_KEYS}). */
export async function readPopupStartValues(): Promise<Record<string, unknown>> {
  const items = await storage.getItems([...START_ITEMS]);
  return Object.fromEntries(items.map((item, i) => [POPUP_START_KEYS[i]!, item.value]));
}

/** {@link PopupStart} from the stored values, by their `storage.local` keys (missing ones are their fallbacks). */
export function popupStartOf(found: Record<string, unknown>): PopupStart {
  const [saved, cache, open, drafts, compose] = START_ITEMS.map((item, i) => found[POPUP_START_KEYS[i]!] ?? item.fallback) as [
    Pairing | null,
    PopupCache | null,
    OpenMessage | null,
    Record<string, ReplyDraft>,
    ComposeDraft | null,
  ];
  return {
    pairing: saved,
    cache,
    resume: open && drafts[draftKey(open.account, open.summary.id)] ? open : null,
    ...(compose && { composing: true }),
  };
}

/** The `storage.local` keys of {@link readPopupStart}. */
export const POPUP_START_KEYS = START_ITEMS.map((item) => item.key.slice('local:'.length));
