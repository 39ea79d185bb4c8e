import { componentStatus, type Maintenance, type StatusState } from '../model/state';
import { startWindow } from '../model/advanceTime';
import { resolveComponents, setComponents } from './componentEffects';
import {
  fail,
  MESSAGE_MAX_LENGTH,
  ok,
  splitFirstWord,
  takeComponents,
  TITLE_MAX_LENGTH,
  tooLong,
  type ComponentRef,
} from './grammar';
import { formatMaintenanceId, parseMaintenanceId } from './incidentId';
import { changed, rejected } from './outcomes';
import type { CommandContext, Outcome, Parsed, VerbSpec } from './verbSpec';
import {
  addMinutes,
  formatFor,
  formatRangeFor,
  parseDuration,
  readInstant,
  type InstantReading,
} from './when';

/** A window may start this late (a command typed a minute after the time it names), no later. */
const MAINTENANCE_PAST_START_MINUTES = 5;
/** The longest window: a week; longer work is scheduled in parts, so the page never says "maintenance" for months. */
const MAINTENANCE_MAX_HOURS = 7 * 24;
const MAINTENANCE_MAX_AHEAD_DAYS = 366;

interface ScheduleCommand {
  verb: 'maintenance';
  start: string;
  end: string;
  title: string;
  message: string;
  components?: ComponentRef[];
}

interface EndCommand {
  verb: 'maintenance';
  action: 'cancel' | 'complete';
  maintenance: number;
  message?: string;
}

export type MaintenanceCommand = ScheduleCommand | EndCommand;

export const maintenanceVerb: VerbSpec<MaintenanceCommand> = {
  verb: 'maintenance',
  usage: {
    form: 'maintenance <start> <end> [[<components>]] <title> | <message>  ·  maintenance cancel|complete <MNT-id>',
    example: 'maintenance in 2h for 30m [Email] Mail server upgrade | Email may be briefly unavailable',
    summary:
      'Schedule maintenance: now, in 2h, 22:00 (your Teams time zone, else UTC) or an ISO time, then for 30m or an end time; at most 7 days long. It starts and ends on time; its components are under maintenance while it runs.',
  },
  readsState: true,
  parse: parseMaintenance,
  apply: (state, command, ctx) =>
    'action' in command ? endMaintenance(state, command, ctx) : scheduleMaintenance(state, command, ctx),
};

function isoLike(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}/.test(text);
}

function parseMaintenance(rest: string): Parsed<MaintenanceCommand> {
  const [first, afterFirst] = splitFirstWord(rest);
  const action = first.toLowerCase();
  if (action === 'cancel' || action === 'complete') {
    const [idWord, message] = splitFirstWord(afterFirst);
    const maintenance = parseMaintenanceId(idWord);
    if (maintenance === undefined)
      return fail(maintenanceVerb, `Say which maintenance to ${action}, e.g. MNT-1.`);
    const command: EndCommand = { verb: 'maintenance', action, maintenance };
    if (message.trim()) command.message = message.trim();
    return ok(command);
  }
  // <start>: `in 2h`, `22:00`, or an ISO instant; <end>: `for 30m`, `23:00`, or an ISO instant.
  let [start, remaining] = first.toLowerCase() === 'in' ? splitFirstWord(afterFirst) : [first, afterFirst];
  if (first.toLowerCase() === 'in') start = `in ${start}`;
  let [end, afterEnd] = splitFirstWord(remaining);
  if (end.toLowerCase() === 'for') {
    const [duration, afterDuration] = splitFirstWord(afterEnd);
    if (parseDuration(duration) === undefined)
      return fail(maintenanceVerb, `"${duration.slice(0, 40)}" is not a duration.`);
    [end, afterEnd] = [`for ${duration}`, afterDuration];
  }
  const epoch = '2000-01-01T00:00:00.000Z';
  // Checked as forms here (any zone will do); read in the sender's zone when applied.
  const startForm = readInstant(start, epoch, 'UTC');
  if (!start || !startForm.ok) {
    return fail(
      maintenanceVerb,
      isoLike(start) && !startForm.ok ? startForm.reason : `"${start.slice(0, 40)}" is not a start time.`,
    );
  }
  const endForm = end.startsWith('for ') ? undefined : readInstant(end, epoch, 'UTC');
  if (endForm && !endForm.ok) {
    return fail(
      maintenanceVerb,
      isoLike(end) ? endForm.reason : `"${end.slice(0, 40)}" is not an end time (or "for <duration>").`,
    );
  }
  remaining = afterEnd;
  const parsed = takeComponents(remaining);
  if (!parsed.ok) return fail(maintenanceVerb, parsed.error);
  const [title = '', ...messageParts] = parsed.rest.split('|');
  const message = messageParts.join('|').trim() || title.trim();
  if (!title.trim()) return fail(maintenanceVerb, 'Maintenance needs a title.');
  const command: ScheduleCommand = { verb: 'maintenance', start, end, title: title.trim(), message };
  if (parsed.components) command.components = parsed.components;
  return (
    tooLong(maintenanceVerb, 'title', command.title, TITLE_MAX_LENGTH) ??
    tooLong(maintenanceVerb, 'message', message, MESSAGE_MAX_LENGTH) ??
    ok(command)
  );
}

function scheduleMaintenance(state: StatusState, command: ScheduleCommand, ctx: CommandContext): Outcome {
  const startReading = readInstant(command.start, ctx.now, ctx.timeZone);
  if (!startReading.ok) return rejected(startReading.reason, maintenanceVerb);
  const start = startReading.at;
  // The end is read after the start: at 22:30, "22:00 23:00" means tomorrow 22:00 to tomorrow 23:00.
  const endReading: InstantReading = command.end.startsWith('for ')
    ? { ok: true, at: addMinutes(start, parseDuration(command.end.slice(4)) ?? 0) }
    : readInstant(command.end, start, ctx.timeZone);
  if (!endReading.ok) return rejected(endReading.reason, maintenanceVerb);
  const end = endReading.at;
  if (Date.parse(end) <= Date.parse(start))
    return rejected('Maintenance must end after it starts.', maintenanceVerb);
  if (Date.parse(end) <= Date.parse(ctx.now))
    return rejected('That maintenance window is already over.', maintenanceVerb);
  const late = Math.round((Date.parse(ctx.now) - Date.parse(start)) / 60_000);
  if (late > MAINTENANCE_PAST_START_MINUTES) {
    return rejected(
      `That window would have started ${late} minutes ago (${formatFor(start, ctx.timeZone)}); a window is scheduled from now on. Say "now" to start it now.`,
      maintenanceVerb,
    );
  }
  const hours = (Date.parse(end) - Date.parse(start)) / 3_600_000;
  if (hours > MAINTENANCE_MAX_HOURS) {
    return rejected(
      `That window is ${Math.round(hours)} hours long; the longest is ${MAINTENANCE_MAX_HOURS / 24} days. Schedule it in parts.`,
      maintenanceVerb,
    );
  }
  if (Date.parse(start) - Date.parse(ctx.now) > MAINTENANCE_MAX_AHEAD_DAYS * 86_400_000) {
    return rejected(
      `That window starts more than a year from now; schedule it closer to the date.`,
      maintenanceVerb,
    );
  }
  const resolved = resolveComponents(
    command.components ?? [],
    ctx.catalog,
    'under_maintenance',
    maintenanceVerb,
  );
  if (!resolved.ok) return resolved.outcome;
  const id = formatMaintenanceId(state.nextMaintenanceNumber);
  const maintenance: Maintenance = {
    id,
    number: state.nextMaintenanceNumber,
    title: command.title,
    status: 'scheduled',
    components: resolved.value.map((component) => component.id),
    scheduledFor: start,
    scheduledUntil: end,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    updates: [
      { id: `${id}-1`, status: 'scheduled', message: command.message, createdAt: ctx.now, author: ctx.actor },
    ],
  };
  // A window whose start is now or past is in progress in this very command: the reply, `list` and the page
  // agree at once instead of waiting for the clock's next tick.
  const starting = Date.parse(start) <= Date.parse(ctx.now);
  const acc = { components: { ...state.components }, events: [...state.componentEvents] };
  const added = starting ? startWindow(maintenance, acc, ctx.now, ctx.catalog) : maintenance;
  const next: StatusState = {
    ...state,
    nextMaintenanceNumber: state.nextMaintenanceNumber + 1,
    maintenances: [...state.maintenances, added],
    components: acc.components,
    componentEvents: acc.events,
  };
  return changed(
    state,
    {
      state: next,
      headline: starting
        ? `Started ${id}: ${command.title}, in progress until ${formatFor(end, ctx.timeZone)}.`
        : `Scheduled ${id}: ${command.title}, ${formatRangeFor(start, end, ctx.timeZone)}.`,
      subjectId: id,
    },
    ctx,
  );
}

function endMaintenance(state: StatusState, command: EndCommand, ctx: CommandContext): Outcome {
  const id = formatMaintenanceId(command.maintenance);
  const maintenance = state.maintenances.find((candidate) => candidate.id === id);
  if (!maintenance)
    return rejected(`There is no maintenance ${id}. Type "list" to see them.`, maintenanceVerb);
  if (maintenance.status === 'completed') return rejected(`${id} is already over; nothing changed.`);
  // Only put back what maintenance itself set; a status someone set meanwhile (an incident) stands.
  const restore = Object.entries(maintenance.restore ?? {})
    .filter(([componentId]) => componentStatus(state.components, componentId) === 'under_maintenance')
    .map(([componentId, status]) => ({ id: componentId, status }));
  const set = setComponents(state, restore, ctx.now);
  const message =
    command.message ??
    (command.action === 'cancel'
      ? 'This maintenance has been cancelled.'
      : 'The maintenance has been completed.');
  const ended: Maintenance = {
    ...maintenance,
    status: 'completed',
    updatedAt: ctx.now,
    updates: [
      ...maintenance.updates,
      {
        id: `${id}-${maintenance.updates.length + 1}`,
        status: 'completed',
        message,
        createdAt: ctx.now,
        author: ctx.actor,
      },
    ],
  };
  if (command.action === 'cancel')
    ended.scheduledUntil = ctx.now < maintenance.scheduledFor ? maintenance.scheduledFor : ctx.now;
  delete ended.restore;
  const next: StatusState = {
    ...state,
    maintenances: state.maintenances.map((candidate) => (candidate.id === id ? ended : candidate)),
    components: set.components,
    componentEvents: set.events,
  };
  return changed(
    state,
    {
      state: next,
      headline: `${command.action === 'cancel' ? 'Cancelled' : 'Completed'} ${id}: ${maintenance.title}.`,
      subjectId: id,
    },
    ctx,
  );
}
