export type NoticeValue = { tone: 'ok' | 'error' | 'busy'; text: string } | null;

/**
 * The result line under a form. Always rendered, so screen readers announce
 * each new text in the live region.
 */
export function Notice({ value }: { value: NoticeValue }) {
  return (
    <p role="status" class={`notice ${value?.tone ?? ''}`}>
      {value?.text}
    </p>
  );
}
