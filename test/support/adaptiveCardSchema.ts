import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';

// The official Adaptive Card 1.4 schema, vendored with its source in test/fixtures/adaptive-cards/README.md.
const { id: schemaId, ...schemaRest } = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/adaptive-cards/adaptive-card-1.4.0.json'), 'utf8'),
) as Record<string, unknown>;
// ajv 8 reads a schema's address only from `$id`; the file keeps draft-04's `id`, moved here, not in the file.
const schema = { $id: String(schemaId), ...schemaRest };

let validate: ReturnType<Ajv['compile']> | undefined;

/** Errors of a card against the official Adaptive Card schema of the version it declares (1.4); empty if valid. */
export function cardSchemaErrors(card: unknown): string[] {
  if ((card as { version?: unknown } | undefined)?.version !== '1.4') return ['/version is not 1.4'];
  if (!validate) {
    // The schema is draft-06 with its own annotation keywords (`version`, `features`).
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(draft06);
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  if (validate(card)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}
