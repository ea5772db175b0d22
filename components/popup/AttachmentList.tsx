import { useState } from 'preact/hooks';
import type { MessageDetail } from '@/bridge/api-types';
import { Icon } from '@/components/common/Icon';
import type { MailApi } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { t, uiLocale } from '@/utils/i18n';
import { fileSize } from '@/utils/popup/size';

type Attachment = MessageDetail['attachments'][number];

interface Props {
  api: MailApi;
  account: string;
  messageId: string;
  attachments: Attachment[];
}

/** Attachments with a download each; the bytes come from the bridge with the token. */
export function AttachmentList({ api, account, messageId, attachments }: Props) {
  const [failed, setFailed] = useState<string | null>(null);
  if (attachments.length === 0) return null;

  async function download(part: Attachment) {
    setFailed(null);
    try {
      const blob = await api.attachment(account, messageId, part.id);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = part.filename || 'attachment';
      a.click();
      // Give the download a moment to start before the URL goes away.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setFailed(t('popup_attachment_failed', part.filename || '', errorText(err)));
    }
  }

  return (
    <section class="attachments" aria-label={t('popup_attachments')}>
      <ul>
        {attachments.map((part) => (
          <li key={part.id} class="attachment">
            <Icon name="paperclip" size={16} />
            <span class="attachment__name">{part.filename || t('popup_attachment_unnamed')}</span>
            <span class="attachment__size">{fileSize(part.size, uiLocale())}</span>
            <button
              type="button"
              class="icon-button"
              aria-label={t('popup_attachment_download', part.filename || t('popup_attachment_unnamed'))}
              title={t('popup_attachment_download', part.filename || '')}
              onClick={() => download(part)}
            >
              <Icon name="download" size={16} />
            </button>
          </li>
        ))}
      </ul>
      {failed && (
        <p class="notice notice--error" role="alert">
          {failed}
        </p>
      )}
    </section>
  );
}
