import Ajv from 'ajv';
import draft6 from 'ajv/dist/refs/json-schema-draft-06.json';
import addFormats from 'ajv-formats';
import schema from '../fixtures/adaptive-cards/adaptive-card-1.4.schema.json';

/**
 * Checks a card against the official Adaptive Card 1.4 schema, vendored unchanged from
 * https://github.com/microsoft/AdaptiveCards/blob/main/schemas/1.4.0/adaptive-card.json (served as
 * http://adaptivecards.io/schemas/1.4.0/adaptive-card.json). Not strict: the schema carries its own annotation
 * keywords (`version`, `features`) that are not JSON Schema's.
 */
export function adaptiveCardErrors(card: unknown): string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft6);
  addFormats(ajv);
  // The file names itself with draft-04's `id` under a draft-06 `$schema`; ajv reads only `$id`.
  const { id, ...rest } = schema;
  const validate = ajv.compile({ ...rest, $id: id });
  if (validate(card)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}
