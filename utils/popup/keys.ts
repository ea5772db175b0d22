/**
 * The popup's keyboard: one table from key to command, so the help overlay and
 * the handler can't disagree.
 */

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
