import type { UiSchema } from '@rjsf/utils';
import type { Connector } from '../../api/client.ts';

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export type AuthKind = Connector['auth']['kinds'][number];

/** The auth option a connection uses when the form has not chosen one: the connector's only one, or the field's default. */
export function defaultAuthOption(connector: Connector): string | null {
  const { selectedBy, kinds } = connector.auth;
  if (!selectedBy) return kinds[0]?.option ?? null;
  const fallback = connector.fields.find((f) => f.name === selectedBy)?.default;
  return typeof fallback === 'string' ? fallback : (kinds[0]?.option ?? null);
}

export function authKindOf(connector: Connector, option: string | null): AuthKind | undefined {
  return connector.auth.kinds.find((k) => k.option === option) ?? connector.auth.kinds[0];
}

/** OAuth authorisation code: the kinds a person connects through the app's login page (Connect). */
export const isOAuth = (kind: AuthKind | undefined) => kind?.kind === 'oauth2';

export const secretFieldNames = (connector: Connector) => new Set(connector.fields.filter((f) => f.type === 'secret').map((f) => f.name));

export interface ConnectorForm {
  schema: Json;
  uiSchema: UiSchema;
}

/**
 * The fields a connection with `option` chosen uses: the ones the option requires or may use
 * (`auth.kinds[].requires` / `.optional`) and the ones no option names, which every option shares
 * (a base URL). Not the auth choice itself, which is asked apart. The server ignores, and does not
 * keep, values for the other fields.
 */
export function fieldsOfOption(connector: Connector, option: string | null): Set<string> {
  const kind = authKindOf(connector, option);
  const namedByAnOption = new Set(connector.auth.kinds.flatMap((k) => [...k.requires, ...k.optional]));
  const own = new Set([...(kind?.requires ?? []), ...(kind?.optional ?? [])]);
  return new Set(connector.fields.map((f) => f.name).filter((name) => name !== connector.auth.selectedBy && (own.has(name) || !namedByAnOption.has(name))));
}

/**
 * The form for one connector and auth option, from its `fieldsSchema`: only the fields that option
 * uses (`fieldsOfOption`); the ones it requires marked required; choices labelled as the connector
 * labels them; defaults filled in; secret fields as password inputs. `secretsSet`: secrets already
 * stored (Edit), shown as "set" and optional, since leaving one empty keeps it.
 */
export function connectorForm(connector: Connector, option: string | null, secretsSet: readonly string[] = []): ConnectorForm {
  const base = isRecord(connector.fieldsSchema) ? connector.fieldsSchema : {};
  const properties = isRecord(base.properties) ? base.properties : {};
  const own = new Set(authKindOf(connector, option)?.requires ?? []);
  const secrets = secretFieldNames(connector);
  const used = fieldsOfOption(connector, option);

  const outProperties: Json = {};
  const uiSchema: UiSchema = {};
  for (const field of connector.fields) {
    const property = properties[field.name];
    if (!used.has(field.name) || !isRecord(property)) continue;
    const copy: Json = { ...property };
    if (Array.isArray(copy.anyOf) && field.options) {
      const labels = new Map(field.options.map((o) => [o.value, o.label]));
      copy.anyOf = copy.anyOf.map((alternative: unknown) =>
        isRecord(alternative) && typeof alternative.const === 'string' ? { ...alternative, title: labels.get(alternative.const) ?? alternative.const } : alternative,
      );
    }
    if (field.default !== null && field.default !== undefined && !secrets.has(field.name)) copy.default = field.default;
    outProperties[field.name] = copy;
    if (secrets.has(field.name)) {
      const set = secretsSet.includes(field.name);
      uiSchema[field.name] = {
        'ui:widget': 'password',
        'ui:autocomplete': 'new-password',
        ...(set ? { 'ui:placeholder': 'Set (hidden)', 'ui:help': 'Stored and never shown. Type a new value to replace it, or leave it empty to keep it.' } : {}),
      };
    }
  }
  const baseRequired = Array.isArray(base.required) ? base.required.filter((r): r is string => typeof r === 'string') : [];
  const required = [...new Set([...baseRequired, ...own])].filter((name) => name in outProperties && !secretsSet.includes(name));
  uiSchema['ui:order'] = [...Object.keys(outProperties), '*'];
  return {
    schema: { ...base, properties: outProperties, required },
    uiSchema,
  };
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** A 400/422's `details`: `[{ path, message }]`. */
export function fieldProblems(details: unknown): FieldProblem[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: unknown) => (isRecord(d) && typeof d.path === 'string' && typeof d.message === 'string' ? [{ path: d.path, message: d.message }] : []));
}
