import type { ReactNode } from 'react';
import type { Connector } from '../../api/client.ts';

interface Props {
  connector: Connector;
  /** The radio group's name: unique on the page. */
  name: string;
  value: string | null;
  onChange: (option: string) => void;
  /** Shown inside the group, under the choices (e.g. what changing it means). */
  children?: ReactNode;
}

/**
 * How the connection signs in, for connectors with several auth options: one radio per option,
 * labelled as the connector labels its choices, in a group named after the choosing field. Nothing
 * for a connector with a single way.
 */
export function AuthChoice({ connector, name, value, onChange, children }: Props) {
  const selectedBy = connector.auth.selectedBy;
  if (!selectedBy || connector.auth.kinds.length < 2) return null;
  const field = connector.fields.find((f) => f.name === selectedBy);
  return (
    <fieldset className="auth-choice">
      <legend>{field?.label ?? 'Sign in with'}</legend>
      {connector.auth.kinds.map((k) => (
        <label key={k.option} className="choice">
          <input type="radio" name={name} value={k.option} checked={value === k.option} onChange={() => onChange(k.option)} />
          {authOptionLabel(connector, k.option)}
        </label>
      ))}
      {children}
    </fieldset>
  );
}

/** An auth option as the connector labels it in its choosing field, or its name. */
export function authOptionLabel(connector: Connector, option: string | null): string {
  const field = connector.fields.find((f) => f.name === connector.auth.selectedBy);
  return field?.options?.find((o) => o.value === option)?.label ?? option ?? '';
}
