import { useMemo } from 'preact/hooks';
import { linkify } from '@/utils/popup/linkify';

/** A text/plain body as text (never parsed as markup), links clickable and opening in a new tab. */
export function PlainText({ text }: { text: string }) {
  const segments = useMemo(() => linkify(text), [text]);
  return (
    <div class="mail-text">
      {segments.map((s, i) =>
        s.kind === 'link' ? (
          <a key={i} href={s.href} target="_blank" rel="noopener noreferrer">
            {s.text}
          </a>
        ) : (
          s.text
        ),
      )}
    </div>
  );
}
