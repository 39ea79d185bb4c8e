import * as z from 'zod/mini';
import { pathOf } from './schema';
import { IMPACTS } from './vocabulary';
import {
  DEFAULT_EVENTS,
  SUBSCRIBER_EVENTS,
  SUBSCRIBER_KIND_NAMES,
  type SubscriberEvent,
} from '../subscribers/events';

// The organisation's services and incident templates, checked in as status.config.json. The file's shape is a
// schema; the rules between its parts (unique IDs, templates naming listed components) are checked after it.

/** Trimmed text that says something; the messages are for a person editing the file. */
const words = () =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a non-empty string') })
    .check(z.trim(), z.minLength(1, { error: 'must be a non-empty string' }));

const ComponentEntry = z.object(
  {
    name: words(),
    /** Stable ID used in state and JSON: the name in lower case, words joined by `-` (unless given). */
    id: z.optional(words()),
    group: z.optional(words()),
    description: z.optional(words()),
  },
  { error: 'must be an object' },
);

const TemplateEntry = z.object(
  {
    impact: z._default(z.enum(IMPACTS, { error: `must be one of ${IMPACTS.join(', ')}` }), 'major'),
    /** Component names or IDs, as people write them. */
    components: z._default(z.array(words(), { error: 'must be a list of component names' }), () => []),
    title: words(),
    message: words(),
  },
  { error: 'must be an object' },
);

/**
 * Who hears about changes. No URL or secret here (the file is checked in): they come from the settings
 * SUBSCRIBER_<NAME>_URL and SUBSCRIBER_<NAME>_SECRET, so the name must make a setting name.
 */
const SubscriberEntry = z.object(
  {
    name: z
      .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
      .check(
        z.regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/i, {
          error: 'must be letters and digits joined by - or _ (it names the setting SUBSCRIBER_<NAME>_URL)',
        }),
        z.maxLength(40, { error: 'must be at most 40 characters' }),
      ),
    kind: z.enum(SUBSCRIBER_KIND_NAMES, { error: `must be one of ${SUBSCRIBER_KIND_NAMES.join(', ')}` }),
    /** Component names or IDs; without it, every change whatever its components. */
    components: z.optional(z.array(words(), { error: 'must be a list of component names' })),
    events: z._default(
      z.array(z.enum(SUBSCRIBER_EVENTS, { error: `must each be one of ${SUBSCRIBER_EVENTS.join(', ')}` }), {
        error: 'must be a list of events',
      }),
      () => [...DEFAULT_EVENTS],
    ),
  },
  { error: 'must be an object' },
);

/** status.config.json: `{ components: [{ name, group?, description?, id? }], templates: { name: {…} } }`. */
const CatalogFile = z.object(
  {
    components: z._default(z.array(ComponentEntry, { error: 'must be a list' }), () => []),
    templates: z._default(
      z.record(
        z
          .string()
          .check(z.regex(/^[\w-]+$/, { error: 'a template name is one word (letters, digits, - or _)' })),
        TemplateEntry,
        { error: 'must be an object keyed by template name' },
      ),
      () => ({}),
    ),
    subscribers: z._default(z.array(SubscriberEntry, { error: 'must be a list' }), () => []),
  },
  { error: 'the file must hold a JSON object' },
);

export type ComponentDefinition = z.infer<typeof ComponentEntry> & { id: string };

export type IncidentTemplate = z.infer<typeof TemplateEntry> & {
  /** What people type after `open from`. */
  name: string;
  /** Component IDs. */
  components: string[];
};

export interface SubscriberDefinition {
  name: string;
  kind: (typeof SUBSCRIBER_KIND_NAMES)[number];
  /** Component IDs; undefined means every change. */
  components?: string[];
  events: SubscriberEvent[];
}

export interface Catalog {
  components: ComponentDefinition[];
  templates: IncidentTemplate[];
  /** Absent in catalogs built before subscribers existed: none. */
  subscribers?: SubscriberDefinition[];
}

export const EMPTY_CATALOG: Catalog = { components: [], templates: [] };

/** `support-desk` → `SUPPORT_DESK`: the NAME in SUBSCRIBER_<NAME>_URL. */
export function subscriberSettingName(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

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

/** "components[1].name is required", quoting a top-level key ("\"components\" must be a list"). */
function problemIn(error: z.core.$ZodError): string {
  const [issue] = error.issues;
  if (!issue) return 'the file is not valid';
  if (issue.path.length === 0) return issue.message;
  const at = pathOf(issue.path);
  // A bad key is named, then the rule it breaks.
  if (issue.code === 'invalid_key') return `${at}: ${issue.issues[0]?.message ?? issue.message}`;
  return issue.path.length === 1 ? `"${at}" ${issue.message}` : `${at} ${issue.message}`;
}

/** Reads status.config.json. */
export function toCatalog(json: unknown): Result {
  const parsed = z.safeParse(CatalogFile, json);
  if (!parsed.success) return { ok: false, error: problemIn(parsed.error) };
  const components = parsed.data.components.map(({ id, ...entry }): ComponentDefinition => ({
    id: id ?? componentIdFor(entry.name),
    ...entry,
  }));
  const ids = new Set<string>();
  for (const component of components) {
    if (!component.id)
      return { ok: false, error: `component "${component.name}" needs letters or digits in its name` };
    if (ids.has(component.id)) return { ok: false, error: `two components share the ID "${component.id}"` };
    ids.add(component.id);
  }
  const catalog: Catalog = { components, templates: [] };
  for (const [name, template] of Object.entries(parsed.data.templates)) {
    const componentIds: string[] = [];
    for (const [index, componentName] of template.components.entries()) {
      const found = findComponent(catalog, componentName);
      if (!found) return { ok: false, error: `templates.${name}.components[${index}] names no component` };
      componentIds.push(found.id);
    }
    catalog.templates.push({ ...template, name, components: componentIds });
  }
  const subscribers: SubscriberDefinition[] = [];
  const settingNames = new Set<string>();
  for (const [index, entry] of parsed.data.subscribers.entries()) {
    const key = subscriberSettingName(entry.name);
    if (settingNames.has(key))
      return { ok: false, error: `two subscribers share the setting name SUBSCRIBER_${key}_URL` };
    settingNames.add(key);
    const subscriber: SubscriberDefinition = {
      name: entry.name,
      kind: entry.kind,
      events: [...new Set(entry.events)],
    };
    if (entry.components) {
      const ids: string[] = [];
      for (const [at, componentName] of entry.components.entries()) {
        const found = findComponent(catalog, componentName);
        if (!found) return { ok: false, error: `subscribers[${index}].components[${at}] names no component` };
        ids.push(found.id);
      }
      subscriber.components = ids;
    }
    subscribers.push(subscriber);
  }
  if (subscribers.length > 0) catalog.subscribers = subscribers;
  return { ok: true, catalog };
}
