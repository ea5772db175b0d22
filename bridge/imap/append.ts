import type { ImapFlow } from 'imapflow';

/**
 * APPENDs a message we built. Mail on the wire has CRLF line ends (RFC 5322), and SMTP
 * clients convert; an APPEND is taken as is, and Cyrus refuses bare LFs ("Message
 * contains bare newlines"), so they are made CRLF here first.
 */
export async function appendMessage(client: ImapFlow, mailbox: string, raw: Buffer, flags: string[]): Promise<boolean> {
  return Boolean(await client.append(mailbox, toCrlf(raw), flags));
}

/** Every LF not already after a CR becomes CRLF; a lone CR stays. */
export function toCrlf(raw: Buffer): Buffer {
  const text = raw.toString('latin1'); // byte-preserving
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'latin1');
}
