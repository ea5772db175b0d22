import type { ImapFlow, MessageStructureObject } from 'imapflow';
import { findTextPart, type TextPart } from './structure';
import { decodeCharset, decodeTransfer, htmlToText, toSnippet } from './text';

/** Bytes of the first text part fetched for a snippet when the server has no PREVIEW. */
const SNIPPET_BYTES = 2048;

interface ImapFlowInternals {
  capabilities: Map<string, unknown>;
  exec(
    command: string,
    attributes: unknown[],
    options: { untagged: Record<string, (untagged: { attributes?: unknown[] }) => unknown> },
  ): Promise<{ next(): void }>;
}

/**
 * Short previews for messages in the currently locked mailbox: the server's own
 * PREVIEW (RFC 8970) where advertised, in one round trip; otherwise a partial
 * BODY.PEEK of each message's first text part, decoded here. Never sets \Seen.
 */
export async function fetchSnippets(
  client: ImapFlow,
  messages: ReadonlyArray<{ uid: number; bodyStructure?: MessageStructureObject }>,
): Promise<Map<number, string>> {
  if (messages.length === 0) return new Map();
  const internals = client as unknown as ImapFlowInternals;
  if (!internals.capabilities.has('PREVIEW')) return fetchPartialBodies(client, messages);
  const previews = await fetchPreviews(internals, messages.map((message) => message.uid));
  // A server's preview can be empty where the body isn't (e.g. an unusual transfer encoding).
  const missing = messages.filter((message) => !previews.get(message.uid));
  for (const [uid, snippet] of await fetchPartialBodies(client, missing)) previews.set(uid, snippet);
  return previews;
}

async function fetchPreviews(client: ImapFlowInternals, uids: number[]): Promise<Map<number, string>> {
  const previews = new Map<number, string>();
  const response = await client.exec(
    'UID FETCH',
    [
      { type: 'SEQUENCE', value: uids.join(',') },
      [
        { type: 'ATOM', value: 'UID' },
        { type: 'ATOM', value: 'PREVIEW' },
      ],
    ],
    {
      untagged: {
        FETCH: (untagged) => {
          const list = untagged.attributes?.[1];
          if (!Array.isArray(list)) return;
          let uid: number | undefined;
          let preview: string | undefined;
          for (let i = 0; i + 1 < list.length; i += 2) {
            const key = String((list[i] as { value?: unknown }).value ?? '').toUpperCase();
            const value = (list[i + 1] as { value?: unknown } | null)?.value;
            if (key === 'UID') uid = Number(value);
            if (key === 'PREVIEW') preview = value === undefined || value === null ? '' : Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
          }
          if (uid !== undefined && preview !== undefined) previews.set(uid, toSnippet(preview));
        },
      },
    },
  );
  response.next();
  return previews;
}

async function fetchPartialBodies(
  client: ImapFlow,
  messages: ReadonlyArray<{ uid: number; bodyStructure?: MessageStructureObject }>,
): Promise<Map<number, string>> {
  const snippets = new Map<number, string>();
  // One FETCH per distinct text part number ("1", "1.1", …): usually one or two.
  const groups = new Map<string, Array<{ uid: number; text: TextPart }>>();
  for (const message of messages) {
    const text = message.bodyStructure ? findTextPart(message.bodyStructure) : null;
    if (!text) {
      snippets.set(message.uid, '');
      continue;
    }
    const group = groups.get(text.part) ?? [];
    group.push({ uid: message.uid, text });
    groups.set(text.part, group);
  }
  for (const [part, group] of groups) {
    const byUid = new Map(group.map((entry) => [entry.uid, entry.text]));
    const uids = group.map((entry) => entry.uid).join(',');
    for await (const fetched of client.fetch(uids, { uid: true, bodyParts: [{ key: part, maxLength: SNIPPET_BYTES }] }, { uid: true })) {
      const text = byUid.get(fetched.uid);
      const raw = fetched.bodyParts?.get(part);
      if (!text || !raw) continue;
      const decoded = decodeCharset(decodeTransfer(raw, text.encoding), text.charset);
      snippets.set(fetched.uid, toSnippet(text.subtype === 'html' ? htmlToText(decoded) : decoded));
    }
  }
  return snippets;
}
