// Fills a test Dovecot user's mailbox quickly by writing Maildir files directly (no
// APPEND round trips), then lets Dovecot index them with one STATUS. 100 000
// messages take seconds this way instead of minutes over IMAP.
//
// Dovecot's Maildir++ rules this relies on (Dovecot 2.3):
// - INBOX is ~/Maildir/{cur,new,tmp}; a file in cur/ named BASE:2,FLAGS carries its
//   flags in the name (S = \Seen), so "unseen" is simply a name without S.
// - New files get UIDs in the order of the time stamp that starts their base name,
//   so BASE = `${second}.M${micro}P${n}.bench` fixes UID order = generation order.
// - `,S=<bytes>` in the name is the file size (Dovecot trusts it, so it must be
//   exact), `,W=<bytes>` the size with CRLF line ends (RFC822.SIZE).
// - INTERNALDATE is the file's mtime.
// The mail processes run as the userdb uid (65534 when the harness runs as root),
// so the whole home is chowned to it.
import { execFile } from 'node:child_process';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Dovecot } from './dovecot';
import { seededRandom } from './prng';

const run = promisify(execFile);

export interface FillOptions {
  /** How many messages. */
  count: number;
  /** Which message indexes (0 = oldest) are unseen. Default: none. */
  unseen?: (index: number) => boolean;
  /** Newest message's date (default: now); each older one is `spacingS` earlier. */
  newest?: Date;
  spacingS?: number;
  /** Tag in subjects, to tell mailboxes apart. */
  label?: string;
}

const WORDS = (
  'the of and to in is that for it as was with be by on not he this are or his from at which but have an they you were her she there ' +
  'meeting invoice project update review report schedule budget release draft notes tomorrow friday weekly quarterly numbers plan ' +
  'attached please thanks regards question answer deadline customer server backup migration ticket patch build deploy'
).split(' ');
const NAMES = ['Anna de Vries', 'Bram Jansen', 'Clara Müller', 'David Smith', 'Eva Bakker', 'Finn Schmidt', 'Greta Visser', 'Hugo Meijer', 'Iris Weber', 'Jonas Peters'];

function sentence(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]!);
  const text = out.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function paragraph(rand: () => number): string {
  const lines: string[] = [];
  const sentences = 2 + Math.floor(rand() * 5);
  let line = '';
  for (let i = 0; i < sentences; i++) {
    for (const word of sentence(rand, 6 + Math.floor(rand() * 12)).split(' ')) {
      if (line.length + word.length + 1 > 72) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/**
 * One realistic message (LF line ends, as Maildir stores them): 4 in 5 are text/plain
 * of 0.5–3 KB, 1 in 5 multipart/alternative (text + HTML) of 2–8 KB.
 */
export function message(index: number, date: Date, label = ''): string {
  const rand = seededRandom(index * 7919 + 17);
  const name = NAMES[index % NAMES.length]!;
  const address = name.toLowerCase().replace(/[^a-z]+/g, '.') + '@example.test';
  const subject = `${label ? `[${label}] ` : ''}${sentence(rand, 3 + Math.floor(rand() * 6)).slice(0, -1)} #${index}`;
  const paragraphs = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => paragraph(rand));
  const text = `Hi Alice,\n\n${paragraphs.join('\n\n')}\n\n-- \n${name}\n`;
  const headers =
    `Return-Path: <${address}>\n` +
    `From: ${name.includes('ü') ? '=?utf-8?q?' + encodeQ(name) + '?=' : name} <${address}>\n` +
    `To: Alice <alice@example.test>\n` +
    `Subject: ${subject}\n` +
    `Date: ${date.toUTCString().replace('GMT', '+0000')}\n` +
    `Message-ID: <bench-${index}-${Math.floor(rand() * 1e9).toString(36)}@example.test>\n` +
    `MIME-Version: 1.0\n`;
  if (rand() < 0.8) {
    return `${headers}Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n${text}`;
  }
  const boundary = `b${index}x${Math.floor(rand() * 1e9).toString(36)}`;
  const html = `<html><body>${paragraphs.map((p) => `<p style="font-family:sans-serif">${p.replace(/\n/g, ' ')}</p>`).join('\n')}<p>-- <br>${name}</p></body></html>\n`;
  return (
    `${headers}Content-Type: multipart/alternative; boundary="${boundary}"\n\n` +
    `--${boundary}\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n${text}\n` +
    `--${boundary}\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n${html}\n` +
    `--${boundary}--\n`
  );
}

function encodeQ(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => (b === 0x20 ? '_' : b >= 0x80 || b === 0x3d || b === 0x3f || b === 0x5f ? `=${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b))).join('');
}

/** Where a user's INBOX lives in a test Dovecot. */
export function inboxDir(dovecot: Dovecot, user: string): string {
  return path.join(dovecot.dir, 'mail', user, 'Maildir');
}

/**
 * Writes `count` messages into the user's INBOX (which must not have been opened yet,
 * or must be empty) and returns how many are unseen. Call {@link indexMailbox} after.
 */
export async function fillInbox(dovecot: Dovecot, user: string, options: FillOptions): Promise<{ unseen: number; bytes: number }> {
  const maildir = inboxDir(dovecot, user);
  await Promise.all(['cur', 'new', 'tmp'].map((sub) => mkdir(path.join(maildir, sub), { recursive: true })));
  const newest = (options.newest ?? new Date()).getTime();
  const spacing = (options.spacingS ?? 60) * 1000;
  const stamp0 = Math.floor(newest / 1000) - options.count * 2; // file name times: strictly increasing
  let unseen = 0;
  let bytes = 0;
  const BATCH = 256;
  for (let start = 0; start < options.count; start += BATCH) {
    const writes: Promise<void>[] = [];
    for (let i = start; i < Math.min(options.count, start + BATCH); i++) {
      const date = new Date(newest - (options.count - 1 - i) * spacing);
      const body = Buffer.from(message(i, date, options.label), 'utf8');
      const lines = body.reduce((n, byte) => (byte === 0x0a ? n + 1 : n), 0);
      const isUnseen = options.unseen?.(i) ?? false;
      if (isUnseen) unseen++;
      bytes += body.length;
      const base = `${stamp0 + i * 2}.M${i % 1_000_000}P${i}.bench,S=${body.length},W=${body.length + lines}`;
      const file = path.join(maildir, 'cur', `${base}:2,${isUnseen ? '' : 'S'}`);
      writes.push(writeFile(file, body).then(() => utimes(file, date, date)));
    }
    await Promise.all(writes);
  }
  if (process.getuid?.() === 0) await run('chown', ['-R', '65534:65534', path.join(dovecot.dir, 'mail', user)]);
  return { unseen, bytes };
}

/**
 * Lets Dovecot scan the Maildir and build its index (what a long-lived server has
 * done long ago), so later timings don't include the first scan. Returns its time.
 */
export async function indexMailbox(dovecot: Dovecot, user: string, mailbox = 'INBOX'): Promise<{ ms: number; messages: number; unseen: number }> {
  const client = await dovecot.client(user);
  try {
    const start = performance.now();
    const status = await client.status(mailbox, { messages: true, unseen: true });
    // SELECT as well: builds the header cache decisions a client's first FETCH would.
    await client.mailboxOpen(mailbox, { readOnly: true });
    if (!status) throw new Error(`STATUS ${mailbox} failed`);
    return { ms: performance.now() - start, messages: status.messages ?? 0, unseen: status.unseen ?? 0 };
  } finally {
    await client.logout();
  }
}
