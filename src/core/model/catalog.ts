import { IMPACTS, type Impact } from './vocabulary';

// The organisation's services and incident templates, checked in as status.config.json.

export interface ComponentDefinition {
  /** Stable ID used in state and JSON: the name in lower case, words joined by `-` (unless given). */
  id: string;
  name: string;
  group?: string;
  description?: string;
}

export interface IncidentTemplate {
  /** What people type after `open from`. */
  name: string;
  title: string;
  impact: Impact;
  /** Component IDs. */
  components: string[];
  message: string;
}

export interface Catalog {
  components: ComponentDefinition[];
  templates: IncidentTemplate[];
}

export const EMPTY_CATALOG: Catalog = { components: [], templates: [] };

export function componentIdFor(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Finds a component by name or ID, ignoring case and punctuation ("files", "Teams-chat" for "Teams chat"). */
export function findComponent(catalog: Catalog, nameOrId: string): ComponentDefinition | undefined {
  const key = componentIdFor(nameOrId);
  return catalog.components.find(
    (component) => component.id === key || componentIdFor(component.name) === key,
  );
}

export function findTemplate(catalog: Catalog, name: string): IncidentTemplate | undefined {
  const key = name.toLowerCase();
  return catalog.templates.find((template) => template.name.toLowerCase() === key);
}

export function componentName(catalog: Catalog, id: string): string {
  return catalog.components.find((component) => component.id === id)?.name ?? id;
}

type Result = { ok: true; catalog: Catalog } | { ok: false; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalText(value: unknown, at: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !value.trim()) throw new Error(`${at} must be a non-empty string`);
  return value.trim();
}

function text(value: unknown, at: string): string {
  const result = optionalText(value, at);
  if (result === undefined) throw new Error(`${at} is required`);
  return result;
}

/** Reads status.config.json: `{ components: [{ name, group?, description?, id? }], templates: { name: {…} } }`. */
export function toCatalog(json: unknown): Result {
  try {
    if (!isRecord(json)) throw new Error('the file must hold a JSON object');
    const rawComponents = json.components ?? [];
    if (!Array.isArray(rawComponents)) throw new Error('"components" must be a list');
    const components = rawComponents.map((raw: unknown, index): ComponentDefinition => {
      const at = `components[${index}]`;
      if (!isRecord(raw)) throw new Error(`${at} must be an object`);
      const name = text(raw.name, `${at}.name`);
      const definition: ComponentDefinition = {
        id: optionalText(raw.id, `${at}.id`) ?? componentIdFor(name),
        name,
      };
      const group = optionalText(raw.group, `${at}.group`);
      const description = optionalText(raw.description, `${at}.description`);
      if (group) definition.group = group;
      if (description) definition.description = description;
      return definition;
    });
    const ids = new Set<string>();
    for (const component of components) {
      if (!component.id) throw new Error(`component "${component.name}" needs letters or digits in its name`);
      if (ids.has(component.id)) throw new Error(`two components share the ID "${component.id}"`);
      ids.add(component.id);
    }
    const catalogSoFar: Catalog = { components, templates: [] };
    const rawTemplates = json.templates ?? {};
    if (!isRecord(rawTemplates)) throw new Error('"templates" must be an object keyed by template name');
    const templates = Object.entries(rawTemplates).map(([name, raw]): IncidentTemplate => {
      const at = `templates.${name}`;
      if (!/^[\w-]+$/.test(name))
        throw new Error(`${at}: a template name is one word (letters, digits, - or _)`);
      if (!isRecord(raw)) throw new Error(`${at} must be an object`);
      const impact = raw.impact ?? 'major';
      if (typeof impact !== 'string' || !(IMPACTS as readonly string[]).includes(impact)) {
        throw new Error(`${at}.impact must be one of ${IMPACTS.join(', ')}`);
      }
      const componentNames = raw.components ?? [];
      if (!Array.isArray(componentNames))
        throw new Error(`${at}.components must be a list of component names`);
      return {
        name,
        title: text(raw.title, `${at}.title`),
        impact: impact as Impact,
        message: text(raw.message, `${at}.message`),
        components: componentNames.map((componentName: unknown, index) => {
          const found = findComponent(catalogSoFar, text(componentName, `${at}.components[${index}]`));
          if (!found) throw new Error(`${at}.components[${index}] names no component`);
          return found.id;
        }),
      };
    });
    return { ok: true, catalog: { components, templates } };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
