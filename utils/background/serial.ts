/** One queue for everything that reads and writes the mail memory and the notifications. */

let chain: Promise<unknown> = Promise.resolve();

/**
 * Runs `task` after every task queued before it. A push and an alarm can
 * bring two statuses at once; checked concurrently, both would see the same
 * new message as unannounced and show it twice. (A lock, not state: after a
 * worker restart there is nothing left to wait for.)
 */
export function serialize<T>(task: () => Promise<T>): Promise<T> {
  const run = chain.then(task, task);
  chain = run.catch(() => undefined);
  return run;
}
