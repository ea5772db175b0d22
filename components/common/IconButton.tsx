import type { JSX } from 'preact';
import { Icon, type IconName } from './Icon';

interface Props extends Omit<JSX.HTMLAttributes<HTMLButtonElement>, 'icon' | 'label'> {
  icon: IconName;
  /** The accessible name, also shown as a tooltip. */
  label: string;
  /** `false` leaves the icon and tooltip out (the button stays, name and all) while it can't be seen anyway. */
  drawn?: boolean;
}

/** A button that shows only an icon; its name comes from `label`. */
export function IconButton({ icon, label, drawn = true, class: className, ...rest }: Props) {
  return (
    <button type="button" class={`icon-button ${className ?? ''}`} aria-label={label} title={drawn ? label : undefined} {...rest}>
      {drawn && <Icon name={icon} />}
    </button>
  );
}
