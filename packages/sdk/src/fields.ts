import type { Secret } from '@patchbay/core';

interface FieldBase {
  /** Label shown in forms. */
  label: string;
  /** Help text under the field: where to find the value, what it is for. */
  help?: string;
  /** A value must be given. Default `false`. */
  required?: boolean;
  /**
   * The operator may set this field for every connection of the connector with the environment
   * variable `PATCHBAY_<KEY>_<FIELD>` (e.g. `PATCHBAY_SALESFORCE_CLIENT_ID` for `clientId`), so
   * users creating a connection need not know it. A value given on the connection wins.
   * Default `false`.
   */
  operatorDefault?: boolean;
}

/** Plain text, e.g. a subdomain. */
export interface TextField extends FieldBase {
  type: 'text';
  default?: string;
  placeholder?: string;
  /** A regular expression the value must match, checked when the connection is saved. @example '^[a-z0-9][a-z0-9-]{0,62}$' */
  pattern?: string;
  /** What the user is told when the value does not match `pattern`. @example 'must be the part before .zendesk.com' */
  patternMessage?: string;
}
/** Write-only: stored encrypted, never returned by the API, never logged. */
export interface SecretField extends FieldBase { type: 'secret' }
/** One of fixed options, e.g. `environment: production | sandbox`. */
export interface SelectField extends FieldBase {
  type: 'select';
  options: readonly { readonly value: string; readonly label: string }[];
  default?: string;
}
export interface BooleanField extends FieldBase { type: 'boolean'; default?: boolean }
export interface NumberField extends FieldBase { type: 'number'; default?: number; minimum?: number; maximum?: number }
/** An http(s) URL, e.g. a Jira site. */
export interface UrlField extends FieldBase { type: 'url'; default?: string; placeholder?: string }

export type FieldDef = TextField | SecretField | SelectField | BooleanField | NumberField | UrlField;
export type FieldType = FieldDef['type'];
export type Fields = Record<string, FieldDef>;

type ValueOf<F extends FieldDef> = F extends SecretField
  ? Secret
  : F extends { type: 'select'; options: readonly { value: infer O }[] }
    ? O
    : F extends BooleanField
      ? boolean
      : F extends NumberField
        ? number
        : string;

type Present<F extends FieldDef> = F extends { required: true } ? true : F extends { default: unknown } ? true : false;

/** The values of a connector's fields, typed from their declaration (secrets as `Secret`). */
export type FieldValues<F extends Fields> = {
  -readonly [K in keyof F as Present<F[K]> extends true ? K : never]: ValueOf<F[K]>;
} & {
  -readonly [K in keyof F as Present<F[K]> extends true ? never : K]?: ValueOf<F[K]>;
};

type SecretKeys<F extends Fields> = { [K in keyof F]: F[K] extends SecretField ? K : never }[keyof F];

/** What connector code sees of a connection: its non-secret fields. */
export type PublicFieldValues<F extends Fields> = Omit<FieldValues<F>, SecretKeys<F>>;

export function secretFieldNames(fields: Fields): string[] {
  return Object.entries(fields).filter(([, f]) => f.type === 'secret').map(([name]) => name);
}
