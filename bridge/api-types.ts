/**
 * The bridge's public data types, for clients (the extension imports these as types
 * only). They are defined next to the code that makes them and re-exported here.
 */
export type { Address, Summary } from './imap/summary';
export type { MessageDetail } from './imap/message';
export type { AttachmentInfo } from './imap/structure';
export type { MailboxInfo } from './imap/mailboxes';
export type { MessagePage } from './imap/listing';
export type { SentMessage } from './mail/outgoing';
export type { NewMessage } from './mail/compose';
export type { ForwardRequest } from './mail/forward';
/** "Mark all read" answers `{count, undo}`; POST `undo` as it is to …/mailboxes/unread to undo. */
export type { MarkedRead } from './imap/read-all';
export type { AccountState } from './accounts/account';
export type { Status, AccountStatus, MailboxStatus, EventMessage } from './accounts/manager';
export type { AccountView, PublicOAuth2 } from './accounts/view';
export type { DeviceStart, DeviceStatus } from './oauth/device';
export type { AuthKind } from './accounts/credentials';
export type { MailSettings } from './autoconfig/providers';
export type { ErrorBody, ErrorCode } from './errors';
