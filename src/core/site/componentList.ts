import { componentIdFor, type Catalog, type ComponentDefinition } from '../model/catalog';
import type { StatusState } from '../model/state';
import { worstStatus } from './uptime';
import type { ComponentStatus } from '../model/vocabulary';

// The catalog's components in its order, with their current status, and groups placed where their first
// component is: what the page and components.json both list.

export interface ListedComponent {
  definition: ComponentDefinition;
  status: ComponentStatus;
  /** When the status last changed; absent when it never has. */
  updatedAt?: string;
  /** Set when the component belongs to a group. */
  groupId?: string;
}

export interface ListedGroup {
  id: string;
  name: string;
  /** The worst status among its components. */
  status: ComponentStatus;
  components: ListedComponent[];
}

export type ComponentListEntry =
  { kind: 'component'; component: ListedComponent } | { kind: 'group'; group: ListedGroup };

/** Group IDs share a namespace with component IDs in the JSON, so they carry a prefix and never collide. */
function groupIds(catalog: Catalog): Map<string, string> {
  const taken = new Set(catalog.components.map((component) => component.id));
  const ids = new Map<string, string>();
  for (const component of catalog.components) {
    if (component.group === undefined || ids.has(component.group)) continue;
    const base = `group-${componentIdFor(component.group) || 'unnamed'}`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    ids.set(component.group, id);
  }
  return ids;
}

export function listComponents(catalog: Catalog, state: StatusState): ComponentListEntry[] {
  const ids = groupIds(catalog);
  const groups = new Map<string, ListedGroup>();
  const entries: ComponentListEntry[] = [];
  for (const definition of catalog.components) {
    const current = Object.hasOwn(state.components, definition.id)
      ? state.components[definition.id]
      : undefined;
    const listed: ListedComponent = { definition, status: current?.status ?? 'operational' };
    if (current) listed.updatedAt = current.updatedAt;
    const groupId = definition.group === undefined ? undefined : ids.get(definition.group);
    if (definition.group === undefined || groupId === undefined) {
      entries.push({ kind: 'component', component: listed });
      continue;
    }
    listed.groupId = groupId;
    let group = groups.get(groupId);
    if (!group) {
      group = { id: groupId, name: definition.group, status: 'operational', components: [] };
      groups.set(groupId, group);
      entries.push({ kind: 'group', group });
    }
    group.components.push(listed);
    group.status = worstStatus([group.status, listed.status]);
  }
  return entries;
}
