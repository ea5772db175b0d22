import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { MessageDetail } from '@/bridge/api-types';
import { Icon } from '@/components/common/Icon';
import type { MailApi } from '@/utils/bridge/api';
import { isBridgeError } from '@/utils/bridge/errors';
import { t, type MessageKey } from '@/utils/i18n';
import { fitMail, type MailFit } from '@/utils/popup/measure-mail';
import { mailDocument, sanitizeMail } from '@/utils/popup/sanitize';
import { PlainText } from './PlainText';

type Images = 'blocked' | 'loading' | 'loaded';

/** Why an image stayed out, as far as the bridge says. */
type Failure = 'private' | 'too_large' | 'not_image' | 'unreachable';

const FAILURE_TEXT: Record<Failure, MessageKey> = {
  private: 'popup_images_why_private',
  too_large: 'popup_images_why_too_large',
  not_image: 'popup_images_why_not_image',
  unreachable: 'popup_images_why_unreachable',
};

interface Props {
  api: MailApi;
  account: string;
  message: MessageDetail;
}

/**
 * The message body: sanitised HTML in a sandboxed frame (no scripts, no
 * same-origin; popups allowed only so links open in a new tab), or the text
 * part with its links made clickable. Remote images stay out until asked for,
 * and then come through the bridge.
 *
 * Images reach the frame as data: URLs, not blob: URLs: the sandboxed frame has
 * an opaque origin, and Chromium refuses it a chrome-extension:// blob ("Not
 * allowed to load local resource"). The CSP allows both.
 */
export function MailBody({ api, account, message }: Props) {
  const [images, setImages] = useState<Images>('blocked');
  const [failedImages, setFailedImages] = useState<Failure[]>([]);
  const [remoteUrls, setRemoteUrls] = useState<ReadonlyMap<string, string>>(new Map());
  // The inline (cid:) images of the message they were fetched for.
  const [inline, setInline] = useState<{ messageId: string; urls: ReadonlyMap<string, string> } | null>(null);
  // First pass without any images: tells which cid: parts and remote URLs occur.
  const plain = useMemo(() => (message.html ? sanitizeMail(message.html) : null), [message.html]);
  const cidUrls = useMemo(() => (inline?.messageId === message.id ? inline.urls : new Map<string, string>()), [inline, message.id]);
  // The frame is mounted once its inline images are in: Chromium may ignore a srcdoc
  // that changes right after the frame was inserted, and the images would stay out.
  const inlineReady = !plain?.cids.length || inline?.messageId === message.id;
  const shown = useMemo(
    () =>
      message.html && (cidUrls.size || remoteUrls.size)
        ? sanitizeMail(message.html, { cidUrls, remoteUrls })
        : plain,
    [message.html, plain, cidUrls, remoteUrls],
  );

  // The frame as tall as its content and as wide as the popup (one scrollbar, the
  // popup's), measured from the popup's side: see utils/popup/measure-mail.ts.
  const box = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState<MailFit | null>(null);
  const body = inlineReady ? shown?.html : undefined;
  useEffect(() => {
    const element = box.current;
    if (body === undefined || !element) return;
    let stopped = false;
    let measuredAt = -1;
    const measure = () => {
      const available = element.clientWidth;
      if (!available || available === measuredAt) return;
      measuredAt = available;
      void fitMail(body, available).then((next) => !stopped && next && setFit(next));
    };
    measure();
    // The popup opened in a tab is wider, and a window can be resized.
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    observer?.observe(element);
    return () => {
      stopped = true;
      observer?.disconnect();
    };
  }, [body]);

  useEffect(() => {
    if (!plain?.cids.length) return;
    let stopped = false;
    void (async () => {
      const found = new Map<string, string>();
      for (const cid of plain.cids) {
        const part = message.attachments.find((a) => contentIdOf(a) === cid);
        if (!part) continue;
        try {
          const blob = await api.attachment(account, message.id, part.id);
          if (stopped || !blob.type.startsWith('image/')) continue;
          found.set(cid, await dataUrlOf(blob));
        } catch {
          // An inline image that can't be fetched just stays out.
        }
      }
      if (!stopped) setInline({ messageId: message.id, urls: found });
    })();
    return () => {
      stopped = true;
    };
  }, [api, account, message, plain]);

  async function loadImages() {
    if (!plain) return;
    setImages('loading');
    const results = await Promise.allSettled(
      plain.remoteImages.map(async (url) => {
        const blob = await api.remoteImage(account, message.id, url);
        if (!blob.type.startsWith('image/')) throw new NotAnImage();
        return [url, await dataUrlOf(blob)] as const;
      }),
    );
    const loaded = new Map<string, string>();
    for (const r of results) if (r.status === 'fulfilled') loaded.set(r.value[0], r.value[1]);
    setRemoteUrls(loaded);
    setFailedImages(results.flatMap((r) => (r.status === 'rejected' ? [failureOf(r.reason)] : [])));
    setImages('loaded');
  }

  if (!shown) {
    return message.text?.trim() ? (
      <PlainText text={message.text} />
    ) : (
      <p class="mail-empty">{t('popup_message_no_text')}</p>
    );
  }
  return (
    <>
      {plain && plain.remoteImages.length > 0 && images !== 'loaded' && (
        <div class="images-bar">
          <Icon name="image" size={16} />
          <span>{t('popup_images_blocked')}</span>
          <button type="button" class="link-button" onClick={loadImages} disabled={images === 'loading'}>
            {images === 'loading' ? t('popup_images_loading') : t('popup_images_load')}
          </button>
        </div>
      )}
      {images === 'loaded' && failedImages.length > 0 && (
        <p class="images-bar" role="status">
          {t('popup_images_failed', String(failedImages.length))} {describeFailures(failedImages)}
        </p>
      )}
      {inlineReady ? (
        <div class="mail-fit" ref={box} style={fit ? { height: `${Math.ceil(fit.height * fit.scale)}px` } : undefined}>
          <iframe
            class="mail-frame"
            title={t('popup_message_body')}
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            referrerpolicy="no-referrer"
            srcdoc={mailDocument(shown.html)}
            style={fit ? { width: `${fit.width}px`, height: `${fit.height}px`, ...(fit.scale < 1 && { transform: `scale(${fit.scale})` }) } : undefined}
          />
        </div>
      ) : (
        <div class="mail-fit mail-fit--waiting" aria-busy="true" />
      )}
    </>
  );
}

class NotAnImage extends Error {}

/**
 * The bridge's answer, by code: `forbidden` is a private or local address (the only
 * URLs the reader asks for are the message's own), `too_large` over 5 MB, `bad_request`
 * an address that serves no image (or one the bridge won't fetch, like ftp:).
 */
function failureOf(error: unknown): Failure {
  if (error instanceof NotAnImage) return 'not_image';
  if (!isBridgeError(error)) return 'unreachable';
  if (error.code === 'forbidden') return 'private';
  if (error.code === 'too_large') return 'too_large';
  if (error.code === 'bad_request') return 'not_image';
  return 'unreachable';
}

/** "1 larger than 5 MB; 2 not an image." */
function describeFailures(failures: Failure[]): string {
  const counts = new Map<Failure, number>();
  for (const f of failures) counts.set(f, (counts.get(f) ?? 0) + 1);
  return `${[...counts].map(([f, n]) => t(FAILURE_TEXT[f], String(n))).join('; ')}.`;
}

/** The Content-ID without its angle brackets, as `cid:` URLs write it. */
export function contentIdOf(part: { contentId: string | null }): string | undefined {
  return part.contentId?.replace(/^<|>$/g, '') || undefined;
}

function dataUrlOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable image'));
    reader.readAsDataURL(blob);
  });
}
