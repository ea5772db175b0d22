/**
 * The message view, loaded on demand: it brings the HTML sanitiser (DOMPurify),
 * which the list doesn't need, so the list draws without it. `preloadMessageView`
 * fetches it ahead of the first open, once the list is on screen.
 */
import type { ComponentProps } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '@/utils/bridge/error-text';
import { t } from '@/utils/i18n';
import { whenIdle } from '@/utils/idle';

type Module = typeof import('./MessageView');

let loaded: Module | undefined;
let loading: Promise<Module> | undefined;

export function preloadMessageView(): Promise<Module> {
  loading ??= import('./MessageView').then(
    (module) => (loaded = module),
    (err: unknown) => {
      loading = undefined; // let the next open try again
      throw err;
    },
  );
  return loading;
}

/** Starts {@link preloadMessageView} once the browser is idle (after the list is drawn); returns a cancel. */
export function preloadMessageViewWhenIdle(): () => void {
  return whenIdle(() => void preloadMessageView().catch(() => {}), 2000); // an open will try again and say why
}

type Load = { state: 'loading' } | { state: 'ready'; module: Module } | { state: 'failed'; reason: string };

export function LazyMessageView(props: ComponentProps<Module['MessageView']>) {
  const [load, setLoad] = useState<Load>(() => (loaded ? { state: 'ready', module: loaded } : { state: 'loading' }));

  useEffect(() => {
    if (load.state !== 'loading') return;
    let stopped = false;
    preloadMessageView().then(
      (module) => !stopped && setLoad({ state: 'ready', module }),
      (err: unknown) => !stopped && setLoad({ state: 'failed', reason: errorText(err) }),
    );
    return () => {
      stopped = true;
    };
  }, [load.state]);

  if (load.state === 'ready') return <load.module.MessageView {...props} />;
  if (load.state === 'failed') {
    return (
      <p class="notice notice--error" role="alert">
        {t('popup_message_failed', load.reason)}
      </p>
    );
  }
  return (
    <div class="skeleton" aria-busy="true" role="status">
      <span class="sr-only">{t('popup_loading')}</span>
    </div>
  );
}
