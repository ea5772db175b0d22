/**
 * The one way the extension talks to the bridge: plain async functions over the
 * typed client, each answering the data or throwing a `BridgeError` (see
 * `errors.ts`). The background, the popup and the options page all use it;
 * components depend on the interface, so tests can hand them another
 * implementation (or this one over a real bridge).
 */
import type { InferRequestType } from 'hono/client';
import type {
  AccountView,
  Address,
  DeviceStart,
  DeviceStatus,
  ForwardRequest,
  MailboxInfo,
  MailSettings,
  MarkedRead,
  MessageDetail,
  MessagePage,
  NewMessage,
  SentMessage,
  Status,
  Summary,
} from '@/bridge/api-types';
import { pairing, type Pairing } from '@/utils/storage/pairing';
import { call, callForBlob, createBridgeClient, type BridgeClient, type BridgeClientOptions } from './client';
import { BridgeError } from './errors';

/** What reading and handling mail asks of the bridge: the popup's and the worker's needs. */
export interface MailApi {
  status(): Promise<Status>;
  /** The newest messages of one mailbox, newest first; with `unseen`, only the unseen ones. */
  messages(account: string, mailbox: string, options: { limit: number; unseen?: boolean }): Promise<Summary[]>;
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
  /** Sets or clears \\Flagged (a star). */
  setFlagged(account: string, id: string, flagged: boolean): Promise<void>;
  /** Every mailbox of the account with its unread count (the account must be connected). */
  mailboxes(account: string): Promise<MailboxInfo[]>;
  /** One page of a mailbox, newest first, and the cursor of the next page (`null` on the last). */
  page(account: string, query: PageQuery): Promise<MessagePage>;
  /** Marks every unseen message of the mailbox read on the server; `undo` goes to {@link markMailboxUnread}. */
  markMailboxRead(account: string, mailbox: string): Promise<{ count: number; undo: MarkedRead }>;
  /** Undoes {@link markMailboxRead}; answers how many became unseen again. */
  markMailboxUnread(account: string, undo: MarkedRead): Promise<number>;
  /** Sends a new message; a copy goes to Sent. */
  send(account: string, message: OutgoingMessage): Promise<SentMessage>;
  /** Forwards a message with its attachments. */
  forward(account: string, id: string, request: ForwardRequest): Promise<SentMessage>;
  /** People the account recently wrote to or heard from, for address suggestions. */
  correspondents(account: string): Promise<Address[]>;
}

/** A new message as the popup sends it (`POST …/messages`). */
export type OutgoingMessage = NewMessage;

/**
 * Which page of which messages: one `mailbox`, or the `watched` ones merged newest
 * first; `q` searches on the server (across the watched mailboxes without a
 * `mailbox`); `before` is the `next` cursor of the page before.
 */
export interface PageQuery {
  mailbox?: string;
  watched?: boolean;
  q?: string;
  limit: number;
  unseen?: boolean;
  before?: string;
}

/** A new account as the bridge takes it (`POST /v1/accounts`). */
export type NewAccount = InferRequestType<BridgeClient['v1']['accounts']['$post']>['json'];

/** A change to an account as the bridge takes it (`PATCH /v1/accounts/:account`): only the fields given change. */
export type AccountPatch = InferRequestType<BridgeClient['v1']['accounts'][':account']['$patch']>['json'];

/** What `POST /v1/accounts/:account/oauth/device` answers: the code the user types at the link. */
export type DeviceCode = DeviceStart;

/** Everything the extension asks of the bridge: mail, and the accounts the options page manages. */
export interface BridgeApi extends MailApi {
  /** Every account's settings, without its secrets. */
  accounts(): Promise<AccountView[]>;
  /** The bridge tests the login before it saves the account. */
  addAccount(account: NewAccount): Promise<AccountView>;
  /** Changes some fields; a changed IMAP block is tested with a login before it is saved. */
  updateAccount(account: string, patch: AccountPatch): Promise<AccountView>;
  removeAccount(account: string): Promise<void>;
  /** Servers and how to sign in for an address; a `not_found` BridgeError when nothing is known. */
  autoconfig(email: string): Promise<MailSettings>;
  /** Starts an OAuth sign-in: the provider's page to open in a tab. */
  startSignIn(account: string): Promise<string>;
  /** Starts a device-code sign-in (Microsoft): a code to type at a link. */
  startDeviceSignIn(account: string): Promise<DeviceCode>;
  /** Where the account's device-code sign-in is: the bridge polls the provider, this asks the bridge. */
  deviceSignInStatus(account: string): Promise<DeviceStatus>;
}

/** The bridge at `pairing.url`; throws a `bad_url` BridgeError for a URL that isn't on loopback. */
export function createBridgeApi(paired: Pairing, options?: BridgeClientOptions): BridgeApi {
  const client = createBridgeClient(paired, options);
  const accounts = client.v1.accounts;
  const messages = accounts[':account'].messages;
  const one = messages[':id'];
  return {
    status: () => call(client.v1.status.$get({ query: {} })),
    async messages(account, mailbox, { limit, unseen }) {
      const query = { mailbox, limit: String(limit), ...(unseen && { unseen: '1' as const }) };
      return (await call(messages.$get({ param: { account }, query }))).messages;
    },
    message: (account, id) => call(one.$get({ param: { account, id } })),
    async setSeen(account, id, seen) {
      await call(one.$patch({ param: { account, id }, json: { seen } }));
    },
    markMailboxRead: (account, mailbox) => call(accounts[':account'].mailboxes.read.$post({ param: { account }, json: { mailbox } })),
    async markMailboxUnread(account, undo) {
      return (await call(accounts[':account'].mailboxes.unread.$post({ param: { account }, json: undo }))).count;
    },
    send: (account, message) => call(messages.$post({ param: { account }, json: message })),
    forward: (account, id, request) => call(one.forward.$post({ param: { account, id }, json: request })),
    async correspondents(account) {
      return (await call(accounts[':account'].correspondents.$get({ param: { account }, query: {} }))).correspondents;
    },
    async setFlagged(account, id, flagged) {
      await call(one.$patch({ param: { account, id }, json: { flagged } }));
    },
    page(account, { mailbox, watched, q, limit, unseen, before }) {
      const query = {
        limit: String(limit),
        ...(mailbox !== undefined && { mailbox }),
        ...(watched && { watched: '1' as const }),
        ...(q !== undefined && { q }),
        ...(unseen && { unseen: '1' as const }),
        ...(before && { before }),
      };
      return call(messages.$get({ param: { account }, query }));
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
      callForBlob(one.attachments[':attachment'].$get({ param: { account, id, attachment } })),
    remoteImage: (account, id, url) => callForBlob(one.remote.$get({ param: { account, id }, query: { url } })),
    accounts: () => call(accounts.$get()),
    addAccount: (account) => call(accounts.$post({ json: account })),
    updateAccount: (account, patch) => call(accounts[':account'].$patch({ param: { account }, json: patch })),
    mailboxes: (account) => call(accounts[':account'].mailboxes.$get({ param: { account } })),
    autoconfig: (email) => call(client.v1.autoconfig.$get({ query: { email } })),
    async startSignIn(account) {
      return (await call(accounts[':account'].oauth.start.$post({ param: { account } }))).url;
    },
    startDeviceSignIn: (account) => call(accounts[':account'].oauth.device.$post({ param: { account } })),
    deviceSignInStatus: (account) => call(accounts[':account'].oauth.device.$get({ param: { account } })),
    async removeAccount(account) {
      await call(accounts[':account'].$delete({ param: { account } }));
    },
  };
}

/** The API for the saved pairing, or `null` while there is none. */
export async function pairedApi(): Promise<BridgeApi | null> {
  const saved = await pairing.getValue();
  return saved ? createBridgeApi(saved) : null;
}
