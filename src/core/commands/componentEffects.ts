// Component statuses as commands set them: names checked against the catalog, changes recorded and described.
import { componentName, findComponent, type Catalog } from '../model/catalog';
import {
  recordComponentStatus,
  type ComponentChange,
  type ComponentEvent,
  type ComponentState,
  type StatusState,
} from '../model/state';
import { componentStatusLabel, type ComponentStatus, type Impact } from '../model/vocabulary';
import type { ComponentRef } from './grammar';
import { nearestWord } from './nearMiss';
import { rejected, type Found } from './outcomes';
import type { VerbUsage } from './verbSpec';

/** What an incident of each impact does to the components it names, unless a status is given. */
export const IMPACT_COMPONENT_STATUS: Readonly<Record<Impact, ComponentStatus>> = {
  critical: 'major_outage',
  major: 'partial_outage',
  minor: 'degraded_performance',
  none: 'operational',
};

export interface WantedStatus {
  id: string;
  status: ComponentStatus;
}

/** Checks typed component names against the catalog; unknown ones get a reply listing the valid names. */
export function resolveComponents(
  refs: readonly ComponentRef[],
  catalog: Catalog,
  defaultStatus: ComponentStatus,
  verb: VerbUsage,
): Found<WantedStatus[]> {
  // A name in a component's place is syntax: a near miss of a configured one is asked about, never applied.
  const names = catalog.components.map((component) => component.name);
  const unknown = refs
    .filter((ref) => !findComponent(catalog, ref.name))
    .map((ref) => {
      const meant = nearestWord(ref.name, names);
      return `"${ref.name.slice(0, 40)}"${meant ? ` (did you mean "${meant}"?)` : ''}`;
    });
  if (unknown.length > 0) {
    const valid = catalog.components.map((component) => component.name).join(', ') || 'none are configured';
    return {
      ok: false,
      outcome: rejected(`Unknown component ${unknown.join(', ')}. The components are: ${valid}.`, verb),
    };
  }
  // A name and an ID (or two spellings) of one component are one entry; two statuses for it are refused.
  const byId = new Map<string, { status: ComponentStatus; explicit: boolean }>();
  for (const ref of refs) {
    const id = findComponent(catalog, ref.name)?.id ?? ref.name;
    const seen = byId.get(id);
    if (seen?.explicit && ref.status && seen.status !== ref.status)
      return {
        ok: false,
        outcome: rejected(
          `"${ref.name}" is given two statuses, ${seen.status} and ${ref.status}; name it once.`,
          verb,
        ),
      };
    if (!seen || (ref.status && !seen.explicit))
      byId.set(id, { status: ref.status ?? defaultStatus, explicit: ref.status !== undefined });
  }
  return { ok: true, value: [...byId].map(([id, { status }]) => ({ id, status })) };
}

/** Sets component statuses; returns the new maps and the changes actually made (unchanged ones are left out). */
export function setComponents(
  state: StatusState,
  wanted: readonly WantedStatus[],
  now: string,
): { components: Record<string, ComponentState>; events: ComponentEvent[]; changes: ComponentChange[] } {
  const next = { components: { ...state.components }, events: [...state.componentEvents] };
  const changes = wanted.flatMap(({ id, status }) => recordComponentStatus(next, id, status, now) ?? []);
  return { ...next, changes };
}

export function describeChanges(changes: readonly ComponentChange[], catalog: Catalog): string {
  return changes
    .map(
      (change) =>
        `${componentName(catalog, change.componentId)}: ${componentStatusLabel(change.to).toLowerCase()}`,
    )
    .join(', ');
}
