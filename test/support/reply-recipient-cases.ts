// Who a reply goes to, case by case. One table for both sides: the bridge's tests send
// each case through real SMTP, the extension's tests show each in the popup's preview,
// so what the user sees above the reply box is what goes out. Pure data: the extension
// project (happy-dom) imports it too.
import type { Address, ReplyOriginal, ReplyRecipients } from '../../shared/recipients';

export interface ReplyRecipientCase {
  /** What the case is about; also the original's subject in the bridge's test. */
  name: string;
  /** The original's addresses as the bridge reports them (`GET …/messages/:id`). */
  original: ReplyOriginal;
  /** The replying account's own address, as configured. */
  self: string;
  all: boolean;
  expected: ReplyRecipients;
}

const person = (name: string, address: string): Address => ({ name, address });

export const ALICE_EMAIL = 'alice@example.test';
const alice = person('Alice', ALICE_EMAIL);
const bob = person('Bob', 'bob@example.test');
const carol = person('Carol', 'carol@example.test');
const dave = person('Dave', 'dave@example.test');
const eve = person('Eve', 'eve@example.test');
const list = person('Plans list', 'plans@lists.example.test');

/** Unsafe as header addresses; Dovecot reports them so for a quoted local part (`"a@b>,evil"@x.test`). */
const smuggling = person('', 'a@b>,evil@attacker.test');
const spaced = person('', 'john doe@example.test');

/**
 * Without a Reply-To header the bridge reports Reply-To as From: IMAP's ENVELOPE fills it
 * in so (RFC 3501, 7.4.2), and so the popup sees it too.
 */
const original = ({ from = bob, ...parts }: Partial<ReplyOriginal>): ReplyOriginal => ({ from, replyTo: [from], to: [alice], cc: [], ...parts });

export const replyRecipientCases: readonly ReplyRecipientCase[] = [
  {
    name: 'reply goes to the author only',
    original: original({ to: [alice, dave], cc: [carol] }),
    self: ALICE_EMAIL,
    all: false,
    expected: { to: [bob], cc: [] },
  },
  {
    name: 'reply-all adds To and Cc, without your own address',
    original: original({ to: [alice, dave], cc: [carol, alice] }),
    self: ALICE_EMAIL,
    all: true,
    expected: { to: [bob, dave], cc: [carol] },
  },
  {
    name: 'your own address in another case is still yours',
    original: original({ to: [person('Alice', 'ALICE@EXAMPLE.TEST'), dave], cc: [person('', 'Alice@Example.Test'), carol] }),
    self: ALICE_EMAIL,
    all: true,
    expected: { to: [bob, dave], cc: [carol] },
  },
  {
    name: 'an account configured in another case still finds itself',
    original: original({ to: [alice, dave], cc: [carol] }),
    self: 'Alice@Example.TEST',
    all: true,
    expected: { to: [bob, dave], cc: [carol] },
  },
  {
    name: 'reply goes to Reply-To instead of From',
    original: original({ replyTo: [list], to: [alice] }),
    self: ALICE_EMAIL,
    all: false,
    expected: { to: [list], cc: [] },
  },
  {
    name: 'reply goes to every Reply-To address',
    original: original({ replyTo: [list, person('Bob at home', 'bob@home.test')] }),
    self: ALICE_EMAIL,
    all: false,
    expected: { to: [list, person('Bob at home', 'bob@home.test')], cc: [] },
  },
  {
    name: 'reply-all with Reply-To: Reply-To, then To and Cc, not From',
    original: original({ replyTo: [list], to: [alice, dave], cc: [carol] }),
    self: ALICE_EMAIL,
    all: true,
    expected: { to: [list, dave], cc: [carol] },
  },
  {
    name: 'reply-all keeps each address once, whatever its case, first name wins',
    original: original({
      to: [person('Bobby', 'BOB@example.test'), dave, alice],
      cc: [person('D.', 'Dave@Example.Test'), carol, person('', 'CAROL@example.test')],
    }),
    self: ALICE_EMAIL,
    all: true,
    expected: { to: [bob, dave], cc: [carol] },
  },
  {
    name: 'a Reply-To that is also in To is written once',
    original: original({ replyTo: [dave], to: [person('', 'DAVE@example.test'), alice] }),
    self: ALICE_EMAIL,
    all: true,
    expected: { to: [dave], cc: [] },
  },
  {
    name: 'line breaks in display names become spaces',
    original: original({
      from: person('Bob\r\nBcc: evil@attacker.test', 'bob@example.test'),
      to: [alice, person('Dave\nX-Injected: yes', 'dave@example.test')],
      cc: [person('\r\n', 'carol@example.test')],
    }),
    self: ALICE_EMAIL,
    all: true,
    expected: {
      to: [person('Bob Bcc: evil@attacker.test', 'bob@example.test'), person('Dave X-Injected: yes', 'dave@example.test')],
      cc: [person('', 'carol@example.test')],
    },
  },
  {
    name: 'quotes, commas and brackets in display names stay part of the name',
    original: original({
      from: person('Doe, John "JD"', 'john@example.test'),
      to: [alice, person('Carol <carol@attacker.test>; Dave', 'carol@example.test')],
      cc: [person("O'Brien, \\ Zoë", 'zoe@example.test')],
    }),
    self: ALICE_EMAIL,
    all: true,
    expected: {
      to: [person('Doe, John "JD"', 'john@example.test'), person('Carol <carol@attacker.test>; Dave', 'carol@example.test')],
      cc: [person("O'Brien, \\ Zoë", 'zoe@example.test')],
    },
  },
  {
    name: 'addresses that could break out of the header are dropped',
    original: original({ to: [alice, smuggling, dave], cc: [spaced, carol] }),
    self: ALICE_EMAIL,
    all: true,
    expected: { to: [bob, dave], cc: [carol] },
  },
  {
    name: 'an unsafe Reply-To is dropped, the rest of it kept',
    original: original({ replyTo: [smuggling, list] }),
    self: ALICE_EMAIL,
    all: false,
    expected: { to: [list], cc: [] },
  },
  {
    // Falling back to From would reach an address the author asked replies not to go to.
    name: 'an author with only unsafe addresses leaves no one to reply to',
    original: original({ from: bob, replyTo: [spaced] }),
    self: ALICE_EMAIL,
    all: false,
    expected: { to: [], cc: [] },
  },
  {
    name: 'replying to your own sent message goes to its recipients',
    original: original({ from: alice, to: [eve, dave], cc: [carol] }),
    self: ALICE_EMAIL,
    all: false,
    expected: { to: [eve, dave], cc: [] },
  },
  {
    name: 'reply-all to your own sent message: its To and Cc, not you',
    original: original({ from: alice, to: [eve, person('', 'ALICE@example.test')], cc: [carol, person('Eve again', 'EVE@example.test')] }),
    self: ALICE_EMAIL,
    all: true,
    expected: { to: [eve], cc: [carol] },
  },
  {
    name: 'your own message sent from another case of your address',
    original: original({ from: person('Alice', 'Alice@EXAMPLE.test'), to: [eve] }),
    self: ALICE_EMAIL,
    all: false,
    expected: { to: [eve], cc: [] },
  },
  {
    name: 'your own message with another Reply-To is answered to that Reply-To',
    original: original({ from: alice, replyTo: [list], to: [list, eve] }),
    self: ALICE_EMAIL,
    all: true,
    expected: { to: [list, eve], cc: [] },
  },
  {
    name: 'a note to yourself is answered to yourself',
    original: original({ from: alice, to: [alice] }),
    self: ALICE_EMAIL,
    all: true,
    expected: { to: [alice], cc: [] },
  },
  {
    name: 'your own message to only unsafe addresses is answered to yourself',
    original: original({ from: alice, to: [smuggling] }),
    self: ALICE_EMAIL,
    all: false,
    expected: { to: [alice], cc: [] },
  },
];
