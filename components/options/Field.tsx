import type { ComponentChildren } from 'preact';

/** What a control needs to be tied to its label, its help and its error. */
export interface FieldProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

interface Props {
  id: string;
  label: string;
  /** The bridge's (or the form's) complaint about this field, shown under it. */
  error?: string | undefined;
  help?: ComponentChildren;
  children: (field: FieldProps) => ComponentChildren;
}

/** A label and its control in the form's grid, with help and error text the control is described by. */
export function Field({ id, label, error, help, children }: Props) {
  const described = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <>
      <label class="field-label" for={id}>
        {label}
      </label>
      <div class="control">
        {children({ id, ...(error && { 'aria-invalid': true as const }), ...(described && { 'aria-describedby': described }) })}
        {help && (
          <p id={`${id}-help`} class="field-help">
            {help}
          </p>
        )}
        {error && (
          <p id={`${id}-error`} class="field-error">
            {error}
          </p>
        )}
      </div>
    </>
  );
}
