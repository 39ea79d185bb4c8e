import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { StatuspageDocumentName } from '../../src/core/site/statuspageJson';
import { statuspageSchema, type JsonSchema } from '../../src/core/site/statuspageSchemas';

/**
 * Checks a document against a published schema with ajv (draft 2020-12, formats checked), in strict mode so a
 * schema with a typo or an unknown keyword fails too. Returns the errors as readable lines; empty when valid.
 */
export function schemaErrors(schema: JsonSchema, document: unknown): string[] {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

export function statuspageErrors(
  name: StatuspageDocumentName,
  document: unknown,
  pageUrl?: string,
): string[] {
  return schemaErrors(statuspageSchema(name, pageUrl), document);
}
