/**
 * A component loaded on demand, as `LazyMessageView` loads the message view: what
 * the list doesn't need for its first frame (compose, search, the folder picker)
 * stays out of the popup's first bundle and comes in its own chunk when asked for.
 */
import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '@/utils/bridge/error-text';
import { t } from '@/utils/i18n';

export interface Lazy<P> {
  (props: P): JSX.Element;
  /** Fetches the chunk ahead of need; a failed fetch is tried again by the next use. */
  preload(): Promise<ComponentType<P>>;
}

type Load<P> = { state: 'loading' } | { state: 'ready'; Component: ComponentType<P> } | { state: 'failed'; reason: string };

/** @param load `() => import('./X').then((m) => m.X)`: a literal import, so the bundler splits it. */
export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): Lazy<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;

  function preload(): Promise<ComponentType<P>> {
    loading ??= load().then(
      (component) => (loaded = component),
      (err: unknown) => {
        loading = undefined;
        throw err;
      },
    );
    return loading;
  }

  function LazyComponent(props: P): JSX.Element {
    const [state, setState] = useState<Load<P>>(() => (loaded ? { state: 'ready', Component: loaded } : { state: 'loading' }));
    useEffect(() => {
      if (state.state !== 'loading') return;
      let stopped = false;
      preload().then(
        (Component) => !stopped && setState({ state: 'ready', Component }),
        (err: unknown) => !stopped && setState({ state: 'failed', reason: errorText(err) }),
      );
      return () => {
        stopped = true;
      };
    }, [state.state]);
    if (state.state === 'ready') return <state.Component {...props} />;
    if (state.state === 'failed') {
      return (
        <p class="notice notice--error" role="alert">
          {t('popup_part_failed', state.reason)}
        </p>
      );
    }
    return (
      <div class="skeleton" aria-busy="true" role="status">
        <span class="sr-only">{t('popup_loading')}</span>
      </div>
    );
  }

  return Object.assign(LazyComponent, { preload });
}
