import { applyCommand } from '../../../../src/core/commands/applyCommand';
import { parseCommand } from '../../../../src/core/commands/parseCommand';
import { emptyState, STATE_SCHEMA_VERSION, type StatusState } from '../../../../src/core/model/state';
import { toStatusState } from '../../../../src/core/model/stateSchema';
import {
  aContext,
  ADA,
  ALICE,
  aMaintenance,
  aResolvedIncident,
  aState,
  anOpenIncident,
  anUpdate,
  minutesAfter,
  minutesBefore,
  T0,
} from '../../../support/builders';

/**
 * A state as it comes back from storage: plain JSON, with a resolved incident (INC-1, with a postmortem) and an
 * open one (INC-2, with roles, a timeline and a component change), a running maintenance, component statuses
 * and their history, an undo record and the history summary.
 */
function storedState(): Record<string, unknown> {
  const resolved = aResolvedIncident(1, T0, { status: 'postmortem' });
  resolved.postmortem = { url: 'https://wiki.example.com/pm/1', publishedAt: T0, author: ALICE };
  // Teams sent no Entra object ID with Alice's first update: it names her only.
  resolved.updates[0] = anUpdate('INC-1', 1, {
    createdAt: resolved.createdAt,
    author: { name: 'Alice Admin' },
  });
  const open = anOpenIncident(2, {
    createdAt: T0,
    components: ['chat'],
    roles: { commander: ADA },
    nextUpdateAt: minutesAfter(T0, 60),
    updates: [
      {
        id: 'INC-2-1',
        status: 'investigating',
        message: 'Looking',
        createdAt: T0,
        author: ALICE,
        componentChanges: [{ componentId: 'chat', from: 'operational', to: 'partial_outage' }],
      },
    ],
    timeline: [{ at: T0, kind: 'update', text: 'Investigating: Looking', author: ALICE }],
  });
  const state = aState({
    incidents: [resolved, open],
    nextMaintenanceNumber: 2,
    maintenances: [
      aMaintenance(1, {
        scheduledFor: minutesBefore(T0, 30),
        scheduledUntil: minutesAfter(T0, 30),
        status: 'in_progress',
        components: ['email'],
        restore: { email: 'operational' },
      }),
    ],
    components: {
      chat: { status: 'partial_outage', updatedAt: T0 },
      email: { status: 'under_maintenance', updatedAt: minutesBefore(T0, 30) },
    },
    componentEvents: [
      { componentId: 'email', status: 'under_maintenance', at: minutesBefore(T0, 30) },
      { componentId: 'chat', status: 'partial_outage', at: T0 },
    ],
    undo: [
      {
        actorKey: ALICE.aadObjectId,
        at: T0,
        summary: 'Opened INC-2',
        subjectId: 'INC-2',
        incidentBefore: (({ updates, timeline, ...fields }) => ({
          fields,
          updateCount: updates.length,
          timelineCount: timeline.length,
        }))(anOpenIncident(2)),
        componentsBefore: { chat: { status: 'operational', updatedAt: T0 } },
      },
    ],
    processed: [
      {
        id: 'f:activity-1',
        at: T0,
        reply: { text: 'Opened INC-2\nStatus: Investigating' },
      },
    ],
    history: {
      months: { '2026-10': 3, '2026-11': 2 },
      archived: [
        { id: 'INC-0', title: 'Older', impact: 'minor', status: 'resolved', createdAt: T0, resolvedAt: T0 },
      ],
    },
  });
  return JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
}

function reason(value: unknown): string {
  const result = toStatusState(value);
  if (result.ok) throw new Error('expected the document to be refused');
  return result.reason;
}

function accepted(value: unknown): StatusState {
  const result = toStatusState(value);
  if (!result.ok) throw new Error(result.reason);
  return result.state;
}

/** Sets (or, with undefined, removes) the value at a path like ['incidents', 0, 'title']. */
function withValue(
  path: (string | number)[],
  value: unknown,
  document = storedState(),
): Record<string, unknown> {
  let parent: Record<string | number, unknown> = document;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return document;
}

/** The first release's document: no impact-era fields beyond impact, no components, maintenance, undo or history. */
function schema1Document(): Record<string, unknown> {
  const update = (id: string, status: string, message: string, createdAt: string) => ({
    id,
    status,
    message,
    createdAt,
    author: { name: 'Alice Admin' },
  });
  return {
    schemaVersion: 1,
    version: 12,
    nextIncidentNumber: 4,
    updatedAt: T0,
    incidents: [
      {
        id: 'INC-2',
        number: 2,
        title: 'Mail is slow',
        status: 'resolved',
        impact: 'major',
        createdAt: '2026-10-30T09:00:00.000Z',
        updatedAt: '2026-10-30T10:00:00.000Z',
        resolvedAt: '2026-10-30T10:00:00.000Z',
        updates: [
          update('INC-2-1', 'investigating', 'Queues growing', '2026-10-30T09:00:00.000Z'),
          update('INC-2-2', 'resolved', 'Drained', '2026-10-30T10:00:00.000Z'),
        ],
      },
      {
        id: 'INC-3',
        number: 3,
        title: 'Chat is down',
        status: 'investigating',
        impact: 'major',
        createdAt: T0,
        updatedAt: T0,
        updates: [update('INC-3-1', 'investigating', 'Looking', T0)],
      },
    ],
  };
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
    let state = emptyState(T0);
    const texts = [
      'open critical [Chat, Files: degraded] Chat is down | Looking',
      'role commander me',
      'note Paged the DBA',
      'update identified | Certificate expired | Renewing it',
      'eta 2h',
      'maintenance in 2h for 1h [Email] Mail upgrade',
      'close',
      'postmortem INC-1 https://wiki.example.com/pm/1',
      'edit INC-1 Fixed for good',
    ];
    texts.forEach((text, index) => {
      const parsed = parseCommand(text);
      if (!parsed.ok) throw new Error(parsed.error);
      const outcome = applyCommand(state, parsed.command, aContext(minutesAfter(T0, index)));
      if (outcome.kind !== 'changed') throw new Error(outcome.reply.text);
      state = outcome.state;
    });
    expect(state.undo.length).toBeGreaterThan(0);
    expect(toStatusState(JSON.parse(JSON.stringify(state)))).toEqual({ ok: true, state });
  });

  it('keeps an optional aadObjectId and resolvedAt, and leaves them out when absent', () => {
    const [resolved, open] = accepted(storedState()).incidents;
    expect(resolved?.resolvedAt).toBe(T0);
    expect(open).not.toHaveProperty('resolvedAt');
    expect(open?.updates[0]?.author).toEqual(ALICE);
    expect(resolved?.updates[0]?.author).toEqual({ name: 'Alice Admin' });
    expect(resolved?.updates[0]?.author).not.toHaveProperty('aadObjectId');
  });

  it('keeps only the fields it knows', () => {
    const document = withValue(['incidents', 0, 'secret'], 'x', { ...storedState(), extra: 'ignored' });
    const state = accepted(document);
    expect(state).not.toHaveProperty('extra');
    expect(state.incidents[0]).not.toHaveProperty('secret');
  });

  it('accepts a remembered reply saved with the card replies no longer carry, keeping its text', () => {
    const card = { title: 'INC-2: Incident 2', tone: 'attention', summary: 'Opened INC-2', facts: [] };
    const state = accepted(withValue(['processed', 0, 'reply', 'card'], card));
    expect(state.processed[0]?.reply).toEqual({ text: 'Opened INC-2\nStatus: Investigating' });
  });

  it.each([null, undefined, 'state', 42, [], [storedState()]])('refuses %p: it is not an object', (value) => {
    expect(reason(value)).toBe('state is not an object');
  });

  it.each([
    [3, 'unknown schema version 3'],
    [0, 'unknown schema version 0'],
    ['2', 'unknown schema version "2"'],
    [undefined, 'unknown schema version undefined'],
  ])('refuses schema version %p', (version, expected) => {
    expect(reason(withValue(['schemaVersion'], version))).toBe(expected);
  });

  it('accepts a schema 2 document saved before activities were remembered', () => {
    expect(accepted(withValue(['processed'], undefined)).processed).toEqual([]);
  });

  it('knows schema version 2', () => {
    expect(STATE_SCHEMA_VERSION).toBe(2);
  });

  describe('a schema 1 document', () => {
    it('migrates to schema 2 with empty components, maintenance and undo', () => {
      const state = accepted(schema1Document());
      expect(state).toMatchObject({
        schemaVersion: 2,
        version: 12,
        processed: [],
        nextIncidentNumber: 4,
        nextMaintenanceNumber: 1,
        maintenances: [],
        components: {},
        componentEvents: [],
        undo: [],
        updatedAt: T0,
      });
    });

    it('counts its incidents per month in the history, with no archived summaries', () => {
      expect(accepted(schema1Document()).history).toEqual({
        months: { '2026-10': 1, '2026-11': 1 },
        archived: [],
      });
    });

    it('gives its incidents no components or roles, and no component changes on their updates', () => {
      const [resolved, open] = accepted(schema1Document()).incidents;
      expect(open?.components).toEqual([]);
      expect(open?.roles).toEqual({});
      expect(resolved?.updates.map((update) => update.componentChanges)).toEqual([[], []]);
      expect(resolved?.resolvedAt).toBe('2026-10-30T10:00:00.000Z');
    });

    it('builds each incident’s timeline from its public updates', () => {
      const [resolved] = accepted(schema1Document()).incidents;
      expect(resolved?.timeline).toHaveLength(2);
      expect(resolved?.timeline[0]).toMatchObject({
        at: '2026-10-30T09:00:00.000Z',
        kind: 'update',
        author: { name: 'Alice Admin' },
      });
      // Each entry points at its update rather than copying the message.
      expect(resolved?.timeline.map((entry) => entry.updateId)).toEqual(resolved?.updates.map((u) => u.id));
    });

    it('is still checked: a bad field in it is refused with its name', () => {
      expect(reason(withValue(['incidents', 1, 'status'], 'down', schema1Document()))).toBe(
        'state.incidents[1].status is not one of investigating, identified, monitoring, resolved, postmortem',
      );
    });
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
    [['nextMaintenanceNumber'], 'state.nextMaintenanceNumber is not a whole number'],
    [['incidents'], 'state.incidents is not a list'],
    [['maintenances'], 'state.maintenances is not a list'],
    [['components'], 'state.components is not an object'],
    [['componentEvents'], 'state.componentEvents is not a list'],
    [['undo'], 'state.undo is not a list'],
    [['history'], 'state.history is not an object'],
    [['history', 'months'], 'state.history.months is not an object'],
    [['history', 'archived'], 'state.history.archived is not a list'],
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
    [['maintenances', 0, 'components'], 'state.maintenances[0].components is not a list'],
    [['maintenances', 0, 'scheduledUntil'], 'state.maintenances[0].scheduledUntil is not a string'],
    [['undo', 0, 'componentsBefore'], 'state.undo[0].componentsBefore is not an object'],
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
    // The fields schema 2 added.
    [['incidents', 1, 'components'], 'chat', 'state.incidents[1].components is not a list'],
    [['incidents', 1, 'components', 0], 3, 'state.incidents[1].components[0] is not a string'],
    [['incidents', 1, 'nextUpdateAt'], 'soon', 'state.incidents[1].nextUpdateAt is not a date'],
    [['incidents', 1, 'eta'], 5, 'state.incidents[1].eta is not a string'],
    [['incidents', 1, 'roles'], [], 'state.incidents[1].roles is not an object'],
    [
      ['incidents', 1, 'roles', 'commander', 'name'],
      5,
      'state.incidents[1].roles.commander.name is not a string',
    ],
    [
      ['incidents', 1, 'timeline', 0, 'kind'],
      'comment',
      'state.incidents[1].timeline[0].kind is not one of update, note, role, impact, components, next, eta, edit, reopen, postmortem, undo',
    ],
    [['incidents', 1, 'timeline', 0, 'at'], 'then', 'state.incidents[1].timeline[0].at is not a date'],
    [
      ['incidents', 1, 'updates', 0, 'componentChanges', 0, 'to'],
      'broken',
      'state.incidents[1].updates[0].componentChanges[0].to is not one of operational, degraded_performance, partial_outage, major_outage, under_maintenance',
    ],
    [['incidents', 1, 'updates', 0, 'headline'], 1, 'state.incidents[1].updates[0].headline is not a string'],
    [
      ['incidents', 1, 'updates', 0, 'editedAt'],
      'now',
      'state.incidents[1].updates[0].editedAt is not a date',
    ],
    [
      ['incidents', 0, 'postmortem', 'publishedAt'],
      'later',
      'state.incidents[0].postmortem.publishedAt is not a date',
    ],
    [['incidents', 0, 'postmortem', 'url'], false, 'state.incidents[0].postmortem.url is not a string'],
    [['nextMaintenanceNumber'], -1, 'state.nextMaintenanceNumber is not a whole number'],
    [
      ['maintenances', 0, 'status'],
      'done',
      'state.maintenances[0].status is not one of scheduled, in_progress, verifying, completed',
    ],
    [['maintenances', 0, 'scheduledFor'], 'tonight', 'state.maintenances[0].scheduledFor is not a date'],
    [['maintenances', 0, 'number'], 'one', 'state.maintenances[0].number is not a whole number'],
    [
      ['maintenances', 0, 'restore', 'email'],
      'gone',
      'state.maintenances[0].restore.email is not one of operational, degraded_performance, partial_outage, major_outage, under_maintenance',
    ],
    [
      ['maintenances', 0, 'updates', 0, 'status'],
      'investigating',
      'state.maintenances[0].updates[0].status is not one of scheduled, in_progress, verifying, completed',
    ],
    [
      ['components', 'chat', 'status'],
      'broken',
      'state.components.chat.status is not one of operational, degraded_performance, partial_outage, major_outage, under_maintenance',
    ],
    [['components', 'chat', 'updatedAt'], 'today', 'state.components.chat.updatedAt is not a date'],
    [['componentEvents', 0, 'at'], 'soon', 'state.componentEvents[0].at is not a date'],
    [['componentEvents', 1, 'componentId'], null, 'state.componentEvents[1].componentId is not a string'],
    [['undo', 0, 'actorKey'], 1, 'state.undo[0].actorKey is not a string'],
    [
      ['undo', 0, 'incidentBefore', 'fields', 'status'],
      'gone',
      'state.undo[0].incidentBefore.fields.status is not one of investigating, identified, monitoring, resolved, postmortem',
    ],
    [
      ['undo', 0, 'componentsBefore', 'chat', 'status'],
      'fine',
      'state.undo[0].componentsBefore.chat.status is not one of operational, degraded_performance, partial_outage, major_outage, under_maintenance',
    ],
    [['history', 'months', '2026-11'], 'x', 'state.history.months.2026-11 is not a whole number'],
    [['history', 'months', '2026-10'], -2, 'state.history.months.2026-10 is not a whole number'],
    [
      ['history', 'archived', 0, 'impact'],
      'sev1',
      'state.history.archived[0].impact is not one of none, minor, major, critical',
    ],
    [['history', 'archived', 0, 'resolvedAt'], 'never', 'state.history.archived[0].resolvedAt is not a date'],
    [['processed'], {}, 'state.processed is not a list'],
    [['processed', 0, 'at'], 'now', 'state.processed[0].at is not a date'],
    [['processed', 0, 'reply', 'text'], null, 'state.processed[0].reply.text is not a string'],
  ])('refuses %j set to %p and names the field', (path, value, expected) => {
    expect(reason(withValue(path, value))).toBe(expected);
  });

  it.each<[(string | number)[], unknown, string]>([
    [['components', 'chat'], 'down', 'state.components.chat is not an object'],
    [['maintenances', 0, 'restore'], [], 'state.maintenances[0].restore is not an object'],
    [
      ['undo', 0, 'incidentBefore', 'fields', 'roles'],
      'lead',
      'state.undo[0].incidentBefore.fields.roles is not an object',
    ],
    [
      ['undo', 0, 'incidentBefore', 'timelineCount'],
      -1,
      'state.undo[0].incidentBefore.timelineCount is not a whole number',
    ],
  ])('names the exact path of a fault deep in the document: %j set to %p', (path, value, expected) => {
    expect(reason(withValue(path, value))).toBe(expected);
  });

  it('reports the first fault in document order when there are several', () => {
    const faulty = () => withValue(['updatedAt'], 'never', withValue(['incidents', 1, 'title'], 7));
    expect(reason(withValue(['version'], -1, faulty()))).toBe('state.version is not a whole number');
    expect(reason(faulty())).toBe('state.incidents[1].title is not a string');
  });

  it('drops a role it does not know', () => {
    const document = withValue(['incidents', 1, 'roles', 'jester'], ALICE);
    expect(accepted(document).incidents[1]?.roles).toEqual({ commander: ADA });
  });

  it('builds the timeline of a schema 2 incident stored without one from its public updates', () => {
    const [, open] = accepted(withValue(['incidents', 1, 'timeline'], undefined)).incidents;
    expect(open?.timeline).toEqual([
      { at: T0, kind: 'update', text: 'Investigating', author: ALICE, updateId: 'INC-2-1' },
    ]);
  });

  it('narrows to a state the type system trusts', () => {
    const state: StatusState = accepted(storedState());
    expect(state.incidents.map((incident) => incident.id)).toEqual(['INC-1', 'INC-2']);
    expect(state.maintenances.map((window) => window.id)).toEqual(['MNT-1']);
  });

  // Issue 13, part 7: a state with the ID `../404` overwrote 404.html; `../../state` overwrote state.json while
  // archiving. IDs become storage paths, so a stored ID must be the one its number makes.
  it.each([
    [['incidents', 1, 'id'], '../404', 'state.incidents[1].id "../404" is not INC-2'],
    [['incidents', 0, 'id'], '../../state', 'state.incidents[0].id "../../state" is not INC-1'],
    [['incidents', 0, 'id'], 'INC-2', 'state.incidents[0].id "INC-2" is not INC-1'],
    [['incidents', 0, 'id'], 'INC-1%2f..', 'state.incidents[0].id "INC-1%2f.." is not INC-1'],
    [['maintenances', 0, 'id'], 'MNT-1/../../x', 'state.maintenances[0].id "MNT-1/../../x" is not MNT-1'],
    [['history', 'archived', 0, 'id'], '..%2f404', 'state.history.archived[0].id "..%2f404" is not INC-<n>'],
  ])('refuses a stored ID that is not its number: %j set to %p', (path, value, expected) => {
    expect(reason(withValue(path, value))).toBe(expected);
  });
});
