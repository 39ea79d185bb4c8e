import * as z from 'zod/mini';
import {
  count,
  firstProblem,
  instant,
  list,
  map,
  oneOf,
  pathOf,
  shape,
  someOf,
  text,
} from '../../../../src/core/model/schema';

/** The message a value gets from a schema, under the root `doc`; undefined when it is accepted. */
function problem(schema: z.core.$ZodType, value: unknown): string | undefined {
  const result = z.safeParse(schema, value);
  return result.success ? undefined : firstProblem(result.error, 'doc');
}

describe('pathOf', () => {
  it.each<[PropertyKey[], string, string]>([
    [[], 'state', 'state'],
    [['incidents', 1, 'updates', 0, 'author'], 'state', 'state.incidents[1].updates[0].author'],
    [['components', 'chat', 'status'], 'state', 'state.components.chat.status'],
    [['history', 'months', '2026-11'], 'state', 'state.history.months.2026-11'],
    [['templates', 'outage', 'components', 2], '', 'templates.outage.components[2]'],
    [[0, 'name'], '', '[0].name'],
  ])('reads %j under %p as %p', (segments, root, expected) => {
    expect(pathOf(segments, root)).toBe(expected);
  });
});

describe('the building blocks', () => {
  it('count takes whole numbers from 0 to the largest safe integer', () => {
    for (const value of [0, 7, Number.MAX_SAFE_INTEGER]) expect(problem(count(), value)).toBeUndefined();
    for (const value of [-1, 0.5, Number.MAX_SAFE_INTEGER + 2, '1', null, Number.NaN])
      expect(problem(count(), value)).toBe('doc is not a whole number');
  });

  it('instant takes what Date.parse reads, as storage always did', () => {
    for (const value of ['2026-11-21T12:00:00.000Z', '2026-11-21T13:00:00+01:00', '2026-11-21'])
      expect(problem(instant(), value)).toBeUndefined();
    expect(problem(instant(), 'soon')).toBe('doc is not a date');
    expect(problem(instant(), 5)).toBe('doc is not a string');
  });

  it('oneOf lists the values it takes', () => {
    expect(problem(oneOf(['a', 'b']), 'c')).toBe('doc is not one of a, b');
    expect(problem(oneOf(['a', 'b']), 'b')).toBeUndefined();
  });

  it('list, map and shape say what they expected', () => {
    expect(problem(list(text()), {})).toBe('doc is not a list');
    expect(problem(map(text()), [])).toBe('doc is not an object');
    expect(problem(shape({ a: text() }), 'a')).toBe('doc is not an object');
    expect(problem(shape({ a: text() }), {})).toBe('doc.a is not a string');
  });

  it('shape drops the fields it does not know', () => {
    expect(z.parse(shape({ a: text() }), { a: 'kept', b: 'dropped' })).toEqual({ a: 'kept' });
  });

  it('someOf takes any of its keys, leaves out the missing ones and drops others', () => {
    const roles = someOf(['commander', 'scribe'], text());
    expect(z.parse(roles, { scribe: 'Ada', jester: 'Bob' })).toEqual({ scribe: 'Ada' });
    expect(problem(roles, { commander: 3 })).toBe('doc.commander is not a string');
  });
});
