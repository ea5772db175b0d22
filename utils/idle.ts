/**
 * Runs `task` once the browser is idle (after what is on screen has been drawn),
 * or after `timeoutMs` at the latest: a busy page may have no idle time for long.
 * Returns a cancel.
 */
export function whenIdle(task: () => void, timeoutMs: number): () => void {
  if (typeof requestIdleCallback !== 'function') {
    const timer = setTimeout(task);
    return () => clearTimeout(timer);
  }
  const id = requestIdleCallback(task, { timeout: timeoutMs });
  return () => cancelIdleCallback(id);
}
