/**
 * What the popup asks of the bridge, as plain async functions over the typed
 * client. Components depend on this interface, so tests can hand them another
 * implementation (or this one over a real bridge).
 */
import type { MessageDetail, Status, Summary } from '@/bridge/api-types';
import { BridgeError, call, type BridgeClient, type BridgeErrorCode } from './client';

export interface PopupApi {
  status(): Promise<Status>;
  /** Unseen messages of one mailbox, newest first. */
  unread(account: string, mailbox: string, limit: number): Promise<Summary[]>;
  message(account: string, id: string): Promise<MessageDetail>;
  setSeen(account: string, id: string, seen: boolean): Promise<void>;
  /** Moves to a path or special-use name (`\Archive`); answers the new id. */
  move(account: string, id: string, to: string): Promise<string>;
  /** Moves to Trash; answers the id in Trash, for undo. */
  trash(account: string, id: string): Promise<string>;
  reply(account: string, id: string, text: string, all: boolean): Promise<void>;
  attachment(account: string, id: string, attachment: string): Promise<Blob>;
  /** A remote image of that message, fetched by the bridge. */
  remoteImage(account: string, id: string, url: string): Promise<Blob>;
}

export function createPopupApi(client: BridgeClient): PopupApi {
  const messages = client.v1.accounts[':account'].messages;
  const one = messages[':id'];
  return {
    status: () => call(client.v1.status.$get({ query: {} })),
    async unread(account, mailbox, limit) {
      const body = await call(
        messages.$get({ param: { account }, query: { mailbox, unseen: '1', limit: String(limit) } }),
      );
      return body.messages;
    },
    message: (account, id) => call(one.$get({ param: { account, id } })),
    async setSeen(account, id, seen) {
      await call(one.$patch({ param: { account, id }, json: { seen } }));
    },
    async move(account, id, to) {
      return (await call(one.move.$post({ param: { account, id }, json: { to } }))).id;
    },
    async trash(account, id) {
      const moved = (await call(one.$delete({ param: { account, id }, query: {} }))).id;
      // null only answers a permanent delete, which we never ask for.
      if (!moved) throw new BridgeError('bad_response', 'The bridge did not say where the message went', 200);
      return moved;
    },
    async reply(account, id, text, all) {
      await call(one.reply.$post({ param: { account, id }, json: { text, all } }));
    },
    attachment: (account, id, attachment) =>
      blobOf(one.attachments[':attachment'].$get({ param: { account, id, attachment } })),
    remoteImage: (account, id, url) => blobOf(one.remote.$get({ param: { account, id }, query: { url } })),
  };
}

/** The bytes of a non-JSON answer, or the bridge's error as a BridgeError. */
async function blobOf(request: Promise<Response>): Promise<Blob> {
  let response: Response;
  try {
    response = await request;
  } catch (error) {
    throw new BridgeError('unreachable', `The bridge did not answer: ${String(error)}`, 0);
  }
  if (response.ok) return response.blob();
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code?: BridgeErrorCode; message?: string } }
    | undefined;
  throw new BridgeError(
    body?.error?.code ?? 'bad_response',
    body?.error?.message ?? `Request failed with status ${response.status}`,
    response.status,
  );
}
