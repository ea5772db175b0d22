/**
 * The popup's keyboard: one table from key to command, so the help overlay and
 * the handler can't disagree, and what each command does to the popup.
 */
import { useEffect, useRef } from 'preact/hooks';
import { rowKey, type OpenIntent, type ReplyMode } from './model';

export type KeyCommand =
  | 'next'
  | 'prev'
  | 'open'
  | 'back'
  | 'reply'
  | 'reply-all'
  | 'archive'
  | 'delete'
  | 'unread'
  | 'read'
  | 'star'
  | 'spam'
  | 'move'
  | 'forward'
  | 'compose'
  | 'search'
  | 'help';

/** In the order the help overlay lists them; `label` is what it shows as the key. */
export const KEY_BINDINGS: readonly { key: string; label: string; command: KeyCommand }[] = [
  { key: 'j', label: 'j', command: 'next' },
  { key: 'k', label: 'k', command: 'prev' },
  { key: 'Enter', label: 'Enter', command: 'open' },
  { key: 'Escape', label: 'Esc', command: 'back' },
  { key: 'r', label: 'r', command: 'reply' },
  { key: 'a', label: 'a', command: 'reply-all' },
  { key: 'e', label: 'e', command: 'archive' },
  { key: '#', label: '#', command: 'delete' },
  { key: 'u', label: 'u', command: 'unread' },
  { key: 'I', label: 'Shift+I', command: 'read' },
  { key: 's', label: 's', command: 'star' },
  { key: '!', label: '!', command: 'spam' },
  { key: 'v', label: 'v', command: 'move' },
  { key: 'f', label: 'f', command: 'forward' },
  { key: 'c', label: 'c', command: 'compose' },
  { key: '/', label: '/', command: 'search' },
  { key: '?', label: '?', command: 'help' },
];

const EXTRA: Record<string, KeyCommand> = { ArrowDown: 'next', ArrowUp: 'prev' };

/**
 * The command for a keydown, or null. Keys with Ctrl/Alt/Meta are left to the
 * browser; Shift is part of the key itself (`I`, `#`, `?`).
 */
export function keyCommand(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>): KeyCommand | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  const binding = KEY_BINDINGS.find((b) => b.key === event.key);
  return binding?.command ?? EXTRA[event.key] ?? null;
}

/** True when the key was meant for a text field, not for us. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  return (target as Element).closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])') !== null;
}

/** A row of the list: an account's message. */
export interface RowRef {
  account: string;
  id: string;
}

/** What the keys act on: the popup as it is on screen now, and what it can do. */
export interface KeyTarget {
  /** Every row in display order. */
  rows: readonly RowRef[];
  /** The message on screen, if one is open. */
  open: RowRef | null;
  /** The selected row's `rowKey`, if any. */
  selected: string | null;
  helpShown: boolean;
  /** A dialog or the compose form has the keys: the list's keys wait. */
  suspended?: boolean;
  showHelp(shown: boolean): void;
  /** Selects a row of the list and moves the focus to it. */
  select(row: RowRef): void;
  openMessage(row: RowRef, intent?: OpenIntent): void;
  /** Opens the reply box of the open message. */
  reply(mode: ReplyMode): void;
  back(): void;
  archive(row: RowRef): void;
  remove(row: RowRef): void;
  markUnread(row: RowRef): void;
  markRead(row: RowRef): void;
  toggleStar(row: RowRef): void;
  spam(row: RowRef): void;
  move(row: RowRef): void;
  /** Opens the forward form of the open message. */
  forward(): void;
  compose(): void;
  focusSearch(): void;
}

/**
 * Listens for the popup's keys while mounted. The target is replaced on every
 * render and read through a ref by one stable listener, so a key pressed right
 * after a render sees that render's list.
 */
export function usePopupKeys(target: KeyTarget): void {
  const latest = useRef(target);
  latest.current = target;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event, latest.current);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}

function onKey(event: KeyboardEvent, on: KeyTarget): void {
  const command = keyCommand(event);
  if (!command || on.suspended || isTypingTarget(event.target)) return;
  if (on.helpShown) {
    if (command === 'back' || command === 'help') {
      event.preventDefault();
      on.showHelp(false);
    }
    return;
  }
  const { rows, open } = on;
  const currentKey = open ? rowKey(open.account, open.id) : on.selected;
  const index = rows.findIndex((r) => rowKey(r.account, r.id) === currentKey);
  const current = open ?? rows[index];
  switch (command) {
    case 'help':
      on.showHelp(true);
      break;
    case 'next':
    case 'prev': {
      const step = command === 'next' ? 1 : -1;
      const target = index < 0 ? rows[0] : rows[Math.min(rows.length - 1, Math.max(0, index + step))];
      if (!target) return;
      if (open) on.openMessage(target);
      else on.select(target);
      break;
    }
    case 'open':
      // On a focused button Enter already clicks it; don't open twice.
      if (open || !current || (event.target as Element | null)?.closest?.('button, a')) return;
      on.openMessage(current);
      break;
    case 'back':
      if (!open) return;
      on.back();
      break;
    case 'reply':
    case 'reply-all': {
      const mode = command === 'reply' ? 'reply' : 'all';
      if (open) on.reply(mode);
      else if (current) on.openMessage(current, mode);
      else return;
      break;
    }
    case 'archive':
    case 'delete':
      if (!current) return;
      if (command === 'archive') on.archive(current);
      else on.remove(current);
      break;
    case 'unread':
      if (!current) return;
      on.markUnread(current);
      break;
    case 'read':
      if (!current || open) return;
      on.markRead(current);
      break;
    case 'star':
    case 'spam':
    case 'move':
      if (!current) return;
      if (command === 'star') on.toggleStar(current);
      else if (command === 'spam') on.spam(current);
      else on.move(current);
      break;
    case 'forward':
      if (open) on.forward();
      else if (current) on.openMessage(current, 'forward');
      else return;
      break;
    case 'compose':
      on.compose();
      break;
    case 'search':
      on.focusSearch();
      break;
  }
  event.preventDefault();
}

/**
 * The keys of a form that sends mail (reply, forward, compose): Escape closes it
 * unless something inside already took the Escape (a suggestion list), Ctrl/⌘+Enter sends.
 */
export function sendFormKeys(onSend: () => void, onClose: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.stopPropagation();
      onClose();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onSend();
    }
  };
}
