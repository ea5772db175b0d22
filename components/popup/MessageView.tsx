import { useEffect, useState } from 'preact/hooks';
import type { Address, MessageDetail, Summary } from '@/bridge/api-types';
import { replyRecipients } from '@/shared/recipients';
import { Icon } from '@/components/common/Icon';
import { IconButton } from '@/components/common/IconButton';
import type { MailApi } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { t } from '@/utils/i18n';
import type { OpenIntent, ReplyMode } from '@/utils/popup/model';
import { fullDate } from '@/utils/time';
import { draftKey, loadDraft } from '@/utils/storage/popup';
import { AttachmentList } from './AttachmentList';
import { ForwardBox } from './ForwardBox';
import { contentIdOf, MailBody } from './MailBody';
import { ReplyBox } from './ReplyBox';

type Load = { state: 'loading' } | { state: 'ready'; message: MessageDetail } | { state: 'failed'; reason: string };

export interface ReplyRequest {
  mode: OpenIntent;
  /** A new number for every key press, so pressing `r` twice still reacts. */
  seq: number;
}

interface Props {
  api: MailApi;
  account: string;
  /** The account's own address, left out of reply-all recipients. */
  accountEmail: string;
  summary: Summary;
  locale: string;
  replyRequest: ReplyRequest | null;
  onBack(): void;
  onArchive(): void;
  onDelete(): void;
  onMarkUnread(): void;
  onReplied(): void;
  onToggleStar(): void;
  onSpam(): void;
  onMove(): void;
}

/** One message, read safely, with reply in place. */
export function MessageView(props: Props) {
  const { api, account, summary, locale } = props;
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [reply, setReply] = useState<ReplyMode | null>(null);
  const [sent, setSent] = useState(false);
  const [forwarding, setForwarding] = useState(false);
  const [forwarded, setForwarded] = useState(false);

  useEffect(() => {
    let stopped = false;
    setLoad({ state: 'loading' });
    api.message(account, summary.id).then(
      (message) => !stopped && setLoad({ state: 'ready', message }),
      (err: unknown) => !stopped && setLoad({ state: 'failed', reason: errorText(err) }),
    );
    // A draft left from an earlier popup reopens with the message.
    void loadDraft(draftKey(account, summary.id)).then((draft) => {
      if (draft && !stopped) setReply(draft.all ? 'all' : 'reply');
    });
    return () => {
      stopped = true;
    };
  }, [api, account, summary.id]);

  useEffect(() => {
    const mode = props.replyRequest?.mode;
    if (mode === 'forward') {
      setForwarding(true);
      setForwarded(false);
    } else if (mode) {
      setReply(mode);
      setSent(false);
    }
  }, [props.replyRequest]);

  const message = load.state === 'ready' ? load.message : null;
  const from: Address | undefined = message?.from ?? summary.from;
  const answered = sent || message?.answered || summary.answered;

  return (
    <article class="view" aria-label={summary.subject || t('popup_no_subject')}>
      <div class="view__bar">
        <IconButton icon="back" label={t('popup_back')} onClick={props.onBack} />
        <button type="button" class="button" onClick={() => setReply('reply')}>
          <Icon name="reply" size={16} />
          {t('popup_action_reply')}
        </button>
        {/* Icons beside the one worded button: with the actions after them, words
            for all three don't fit 420 px in German or Dutch. */}
        <IconButton icon="replyAll" label={t('popup_action_reply_all')} onClick={() => setReply('all')} />
        <IconButton
          icon="forward"
          label={t('popup_action_forward')}
          onClick={() => {
            setForwarding(true);
            setForwarded(false);
          }}
        />
        <span class="spacer" />
        <IconButton icon="unread" label={t('popup_action_mark_unread')} onClick={props.onMarkUnread} />
        <IconButton icon="folder" label={t('popup_action_move')} onClick={props.onMove} />
        <IconButton icon="spam" label={t('popup_action_spam')} onClick={props.onSpam} />
        <IconButton icon="archive" label={t('popup_action_archive')} onClick={props.onArchive} />
        <IconButton icon="trash" label={t('popup_action_delete')} onClick={props.onDelete} />
      </div>
      <div class="view__scroll">
        <header class="view__head">
          <div class="view__title">
            <h1 class="view__subject">{summary.subject || t('popup_no_subject')}</h1>
            <button
              type="button"
              class={`icon-button view__star${summary.flagged ? ' is-starred' : ''}`}
              aria-label={summary.flagged ? t('popup_action_unstar') : t('popup_action_star')}
              title={summary.flagged ? t('popup_action_unstar') : t('popup_action_star')}
              onClick={props.onToggleStar}
            >
              <Icon name="star" filled={summary.flagged} />
            </button>
          </div>
          <dl class="view__meta">
            <dt>{t('popup_header_from')}</dt>
            <dd>{formatAddress(from)}</dd>
            {message && message.to.length > 0 && (
              <>
                <dt>{t('popup_header_to')}</dt>
                <dd>{message.to.map(formatAddress).join(', ')}</dd>
              </>
            )}
            {message && message.cc.length > 0 && (
              <>
                <dt>{t('popup_header_cc')}</dt>
                <dd>{message.cc.map(formatAddress).join(', ')}</dd>
              </>
            )}
            <dt>{t('popup_header_date')}</dt>
            <dd>
              <time dateTime={summary.date}>{fullDate(summary.date, locale)}</time>
              {answered && <span class="tag">{t('popup_answered')}</span>}
            </dd>
          </dl>
        </header>
        {sent && (
          <p class="notice notice--ok" role="status">
            {t('popup_reply_sent')}
          </p>
        )}
        {forwarded && (
          <p class="notice notice--ok" role="status">
            {t('popup_forward_sent')}
          </p>
        )}
        {forwarding && (
          <ForwardBox
            api={api}
            account={account}
            messageId={summary.id}
            onClose={() => setForwarding(false)}
            onSent={() => {
              setForwarding(false);
              setForwarded(true);
            }}
          />
        )}
        {reply && (
          <ReplyBox
            api={api}
            account={account}
            messageId={summary.id}
            mode={reply}
            recipients={recipients(message, summary, reply, props.accountEmail)}
            onClose={() => setReply(null)}
            onSent={() => {
              setReply(null);
              setSent(true);
              props.onReplied();
            }}
          />
        )}
        {load.state === 'loading' && (
          <div class="skeleton" aria-busy="true" role="status">
            <span class="sr-only">{t('popup_loading')}</span>
            <span class="skeleton__line" aria-hidden="true" />
            <span class="skeleton__line skeleton__line--faint" aria-hidden="true" />
          </div>
        )}
        {load.state === 'failed' && (
          <p class="notice notice--error" role="alert">
            {t('popup_message_failed', load.reason)}
          </p>
        )}
        {message && (
          <>
            <MailBody api={api} account={account} message={message} />
            <AttachmentList
              api={api}
              account={account}
              messageId={message.id}
              attachments={message.attachments.filter((a) => !isInlineShown(a, message.html))}
            />
          </>
        )}
      </div>
    </article>
  );
}

function formatAddress(a: Address | undefined | null): string {
  if (!a) return t('popup_unknown_sender');
  if (a.name && a.address) return `${a.name} <${a.address}>`;
  return a.name || a.address || t('popup_unknown_sender');
}

/** Who a reply goes to: the same function the bridge sends with, over what is loaded so far. */
function recipients(message: MessageDetail | null, summary: Summary, mode: ReplyMode, self: string): string {
  const original = message ?? { from: summary.from, replyTo: [], to: [], cc: [] };
  const { to, cc } = replyRecipients(original, self, mode === 'all');
  return [...to, ...cc].map((a) => a.name || a.address).join(', ');
}

/** An inline image the HTML shows by cid: is part of the body, not a download. */
function isInlineShown(part: { contentId: string | null }, html: string | null | undefined): boolean {
  const cid = contentIdOf(part);
  return !!cid && !!html && html.includes(`cid:${cid}`);
}
