import * as z from 'zod/mini';

// The building blocks of the stored shapes. A shape is defined once, as a schema built from these: its TypeScript
// type is `z.infer` of it, the same schema checks a stored document, and each block carries the words a refused
// document is told ("state.incidents[1].status is not one of …").

/** A JSON object (not an array, not null): what a stored or received document must be before its fields are read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Lenient on purpose, as storage always was: anything `Date.parse` reads is an instant. */
const isInstant = (value: string) => !Number.isNaN(Date.parse(value));

export const text = () => z.string({ error: 'is not a string' });

export const instant = () => text().check(z.refine(isInstant, { error: 'is not a date' }));

/** A non-negative safe integer: versions, numbers, counts. */
export const count = () =>
  z.int({ error: 'is not a whole number' }).check(z.gte(0, { error: 'is not a whole number' }));

export const oneOf = <const T extends readonly string[]>(values: T) =>
  z.enum(values, { error: `is not one of ${values.join(', ')}` });

export const list = <T extends z.core.SomeType>(item: T) => z.array(item, { error: 'is not a list' });

/** An object keyed by ID (components, months). */
export const map = <T extends z.core.SomeType>(item: T) =>
  z.record(z.string(), item, { error: 'is not an object' });

/** An object with known fields; fields it does not know are dropped, so the state keeps only what it means. */
export const shape = <S extends z.core.$ZodLooseShape>(fields: S) =>
  z.object(fields, { error: 'is not an object' });

/** An object whose keys all come from one list and may each be left out (an incident's roles). */
export function someOf<K extends string, T extends z.ZodMiniType>(keys: readonly K[], value: T) {
  const fields = Object.fromEntries(keys.map((key) => [key, z.optional(value)]));
  return shape(fields as { [P in K]: z.ZodMiniOptional<T> });
}

/** "incidents[1].updates[0]": a path as people read it, from the segments zod reports. */
export function pathOf(segments: readonly PropertyKey[], root = ''): string {
  return segments.reduce<string>((at, segment) => {
    if (typeof segment === 'number') return `${at}[${segment}]`;
    const key = String(segment);
    return at ? `${at}.${key}` : key;
  }, root);
}

/** The first thing wrong with a document, named by its path under `root`. */
export function firstProblem(error: z.core.$ZodError, root: string): string {
  const [issue] = error.issues;
  if (!issue) return `${root} is not valid`;
  return `${pathOf(issue.path, root)} ${issue.message}`;
}
