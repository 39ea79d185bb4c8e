import { applyCommand } from '../../../src/core/applyCommand';
import { emptyState, STATE_SCHEMA_VERSION, type StatusState } from '../../../src/core/state';
import { toStatusState } from '../../../src/core/stateSchema';
import { ALICE, aResolvedIncident, aState, anOpenIncident, T0 } from './builders';

/** A state as it comes back from storage: plain JSON, with one open and one resolved incident. */
function storedState(): Record<string, unknown> {
  const open = anOpenIncident(2, T0, { updates: [] });
  open.updates.push({
    id: 'INC-2-1',
    status: 'investigating',
    message: 'Looking',
    createdAt: T0,
    author: ALICE,
  });
  return JSON.parse(JSON.stringify(aState([aResolvedIncident(1, T0), open]))) as Record<string, unknown>;
}

function reason(value: unknown): string {
  const result = toStatusState(value);
  if (result.ok) throw new Error('expected the document to be refused');
  return result.reason;
}

/** Sets (or, with undefined, removes) the value at a path like ['incidents', 0, 'title']. */
function withValue(path: (string | number)[], value: unknown): Record<string, unknown> {
  const document = storedState();
  let parent: Record<string | number, unknown> = document;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return document;
}

describe('toStatusState', () => {
  it('accepts a valid state and returns it as it was stored', () => {
    const document = storedState();
    expect(toStatusState(document)).toEqual({ ok: true, state: document });
  });

  it('accepts the empty state', () => {
    const state = emptyState(T0);
    expect(toStatusState(JSON.parse(JSON.stringify(state)))).toEqual({ ok: true, state });
  });

  it('accepts what applyCommand produced, after a trip through JSON', () => {
    const outcome = applyCommand(
      emptyState(T0),
      { verb: 'open', title: 'Chat is down', message: 'Looking' },
      {
        now: T0,
        actor: ALICE,
        pageTitle: 'Status',
      },
    );
    if (outcome.kind !== 'changed') throw new Error(outcome.reply.text);
    const result = toStatusState(JSON.parse(JSON.stringify(outcome.state)));
    expect(result).toEqual({ ok: true, state: outcome.state });
  });

  it('keeps an optional aadObjectId and resolvedAt, and leaves them out when absent', () => {
    const result = toStatusState(storedState());
    if (!result.ok) throw new Error(result.reason);
    const [resolved, open] = result.state.incidents;
    expect(resolved?.resolvedAt).toBe(T0);
    expect(open).not.toHaveProperty('resolvedAt');
    expect(open?.updates[0]?.author).toEqual(ALICE);
    expect(resolved?.updates[0]?.author).toEqual({ name: 'Alice Admin' });
    expect(resolved?.updates[0]?.author).not.toHaveProperty('aadObjectId');
  });

  it('keeps only the fields it knows', () => {
    const document = { ...storedState(), extra: 'ignored' };
    const result = toStatusState(document);
    if (!result.ok) throw new Error(result.reason);
    expect(result.state).not.toHaveProperty('extra');
  });

  it.each([null, undefined, 'state', 42, [], [storedState()]])('refuses %p: it is not an object', (value) => {
    expect(reason(value)).toBe('state is not an object');
  });

  it.each([
    [2, 'unknown schema version 2'],
    [0, 'unknown schema version 0'],
    ['1', 'unknown schema version "1"'],
    [undefined, 'unknown schema version undefined'],
  ])('refuses schema version %p', (version, expected) => {
    expect(reason(withValue(['schemaVersion'], version))).toBe(expected);
  });

  it('knows schema version 1', () => {
    expect(STATE_SCHEMA_VERSION).toBe(1);
  });

  it('refuses an incident status that is not in the vocabulary and names the field', () => {
    expect(reason(withValue(['incidents', 1, 'status'], 'down'))).toBe(
      'state.incidents[1].status is not one of investigating, identified, monitoring, resolved, postmortem',
    );
  });

  it('refuses an update status that is not in the vocabulary and names the field', () => {
    expect(reason(withValue(['incidents', 0, 'updates', 1, 'status'], 'fixed'))).toBe(
      'state.incidents[0].updates[1].status is not one of investigating, identified, monitoring, resolved, postmortem',
    );
  });

  it('refuses an impact that is not in the vocabulary', () => {
    expect(reason(withValue(['incidents', 0, 'impact'], 'sev1'))).toBe(
      'state.incidents[0].impact is not one of none, minor, major, critical',
    );
  });

  it.each<[(string | number)[], string]>([
    [['version'], 'state.version is not a whole number'],
    [['nextIncidentNumber'], 'state.nextIncidentNumber is not a whole number'],
    [['incidents'], 'state.incidents is not a list'],
    [['updatedAt'], 'state.updatedAt is not a string'],
    [['incidents', 0, 'id'], 'state.incidents[0].id is not a string'],
    [['incidents', 0, 'number'], 'state.incidents[0].number is not a whole number'],
    [['incidents', 1, 'title'], 'state.incidents[1].title is not a string'],
    [['incidents', 1, 'status'], 'state.incidents[1].status is not one of'],
    [['incidents', 1, 'impact'], 'state.incidents[1].impact is not one of'],
    [['incidents', 1, 'createdAt'], 'state.incidents[1].createdAt is not a string'],
    [['incidents', 1, 'updatedAt'], 'state.incidents[1].updatedAt is not a string'],
    [['incidents', 1, 'updates'], 'state.incidents[1].updates is not a list'],
    [['incidents', 1, 'updates', 0, 'id'], 'state.incidents[1].updates[0].id is not a string'],
    [['incidents', 1, 'updates', 0, 'message'], 'state.incidents[1].updates[0].message is not a string'],
    [['incidents', 1, 'updates', 0, 'createdAt'], 'state.incidents[1].updates[0].createdAt is not a string'],
    [['incidents', 1, 'updates', 0, 'author'], 'state.incidents[1].updates[0].author is not an object'],
    [
      ['incidents', 1, 'updates', 0, 'author', 'name'],
      'state.incidents[1].updates[0].author.name is not a string',
    ],
  ])('refuses a document without %j and names the field', (path, expected) => {
    expect(reason(withValue(path, undefined))).toContain(expected);
  });

  it.each<[(string | number)[], unknown, string]>([
    [['version'], -1, 'state.version is not a whole number'],
    [['version'], 1.5, 'state.version is not a whole number'],
    [['version'], '3', 'state.version is not a whole number'],
    [['nextIncidentNumber'], Number.MAX_SAFE_INTEGER + 2, 'state.nextIncidentNumber is not a whole number'],
    [['updatedAt'], 'yesterday', 'state.updatedAt is not a date'],
    [['incidents'], {}, 'state.incidents is not a list'],
    [['incidents', 0], 'INC-1', 'state.incidents[0] is not an object'],
    [['incidents', 0, 'resolvedAt'], 'soon', 'state.incidents[0].resolvedAt is not a date'],
    [['incidents', 0, 'resolvedAt'], null, 'state.incidents[0].resolvedAt is not a string'],
    [['incidents', 0, 'title'], 7, 'state.incidents[0].title is not a string'],
    [
      ['incidents', 1, 'updates', 0, 'author', 'aadObjectId'],
      7,
      'state.incidents[1].updates[0].author.aadObjectId is not a string',
    ],
  ])('refuses %j set to %p and names the field', (path, value, expected) => {
    expect(reason(withValue(path, value))).toBe(expected);
  });

  it('narrows to a state the type system trusts', () => {
    const result = toStatusState(storedState());
    const state: StatusState | undefined = result.ok ? result.state : undefined;
    expect(state?.incidents.map((incident) => incident.id)).toEqual(['INC-1', 'INC-2']);
  });
});
