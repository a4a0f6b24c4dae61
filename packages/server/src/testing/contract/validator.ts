import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { COMPONENTS_ID, type OpenApiDocument, type Schema } from './document.ts';

/**
 * JSON Schema 2020-12 validation of fragments of the document (OpenAPI 3.1 schemas are 2020-12), with
 * `$ref`s to the components resolved. The judge of both sides: a generated input must pass it before
 * it is sent (a generator bug must not pass as a server bug), a mutated one must fail it, and every
 * answer must pass the schema documented for its status.
 */
export class SchemaValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly compiled = new WeakMap<object, ValidateFunction>();
  private readonly constant = new Map<boolean, ValidateFunction>();

  constructor(doc: OpenApiDocument) {
    // ajv-formats is CommonJS: under NodeNext its default import is the module object.
    formats.default(this.ajv);
    this.ajv.addSchema({ components: doc.components ?? {} }, COMPONENTS_ID);
  }

  private compile(schema: Schema): ValidateFunction {
    if (typeof schema === 'boolean') {
      let fn = this.constant.get(schema);
      if (!fn) this.constant.set(schema, (fn = this.ajv.compile(schema)));
      return fn;
    }
    let fn = this.compiled.get(schema);
    if (!fn) this.compiled.set(schema, (fn = this.ajv.compile(schema)));
    return fn;
  }

  isValid(schema: Schema, value: unknown): boolean {
    return this.compile(schema)(value);
  }

  /** null when valid, else AJV's problems, each once (`/name must NOT have more than 200 characters`). */
  problems(schema: Schema, value: unknown): string | null {
    const fn = this.compile(schema);
    if (fn(value)) return null;
    const lines = (fn.errors ?? []).map((e) => `${e.instancePath ? `${e.instancePath} ` : ''}${e.message ?? e.keyword}`);
    return [...new Set(lines)].join('; ');
  }
}
