import type { ComponentChildren } from 'preact';
import { Icon, type IconName } from '@/components/common/Icon';

interface Props {
  icon: IconName;
  title: string;
  children?: ComponentChildren;
  tone?: 'calm' | 'problem';
}

/** A whole-popup state (not paired, bridge down, nothing unread): what happened and what to do. */
export function StatePanel({ icon, title, children, tone = 'calm' }: Props) {
  return (
    <div class={`state state--${tone}`} role={tone === 'problem' ? 'alert' : 'status'}>
      <span class="state__icon">
        <Icon name={icon} size={28} />
      </span>
      <h2 class="state__title">{title}</h2>
      {children}
    </div>
  );
}
