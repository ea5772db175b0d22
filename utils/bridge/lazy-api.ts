/**
 * The popup's `MailApi` without Hono's typed client on its first frame: the client
 * (`api.ts`, `client.ts`, hono/client: about 3 KB gzip) comes in its own chunk, loaded
 * by the first call, which every call waits for. The popup draws the cached list first
 * and calls the bridge after that frame: loading the chunk while the popup is made
 * (Vite's preload helper and the import) cost the first frame ~10 ms (bench/FINDINGS.md).
 */
import type { Pairing } from '@/utils/storage/pairing';
import type { MailApi } from './api';
import { normalizeBridgeUrl } from './url';

/** Every method of `MailApi`: a method added there and not here is a type error. */
const METHODS: Record<keyof MailApi, true> = {
  status: true,
  messages: true,
  message: true,
  setSeen: true,
  move: true,
  trash: true,
  reply: true,
  attachment: true,
  remoteImage: true,
  setFlagged: true,
  mailboxes: true,
  page: true,
  markMailboxRead: true,
  markMailboxUnread: true,
  send: true,
  forward: true,
  correspondents: true,
};

/**
 * Starts loading the client's chunk ahead of the first call: for a popup with no
 * cached list, whose first frame is a skeleton and whose list is the bridge's answer.
 */
export function preloadBridgeClient(): void {
  import('./api').catch(() => {}); // the first call loads it again and says why it failed
}

/**
 * Like `createBridgeApi`: throws a `bad_url` BridgeError at once for a URL that isn't on
 * loopback. `token`, when given, is the pairing's token still being read (a popup drawn
 * from its start snapshot, `utils/popup/start-snapshot.ts`): calls wait for it.
 */
export function createLazyBridgeApi(paired: Pairing, token?: Promise<string>): MailApi {
  normalizeBridgeUrl(paired.url);
  let real: Promise<MailApi> | undefined;
  const load = () => {
    real ??= Promise.all([import('./api'), token ?? paired.token]).then(
      ([m, secret]) => m.createBridgeApi({ ...paired, token: secret }),
      (err: unknown) => {
        // A failed chunk load is tried again by the next call.
        real = undefined;
        throw err;
      },
    );
    return real;
  };
  const api = {} as Record<keyof MailApi, (...args: unknown[]) => Promise<unknown>>;
  for (const name of Object.keys(METHODS) as (keyof MailApi)[]) {
    api[name] = async (...args) => ((await load())[name] as (...a: unknown[]) => Promise<unknown>)(...args);
  }
  return api as unknown as MailApi;
}
