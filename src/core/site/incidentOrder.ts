import type { Incident, StatusState } from '../model/state';
import { isDeeplyFrozen } from '../model/frozen';

// Several files of a render list the state's incidents by when they started, newest first: the order is found
// once per state, each start parsed once per frozen incident (200 of them at the state's cap).

const startOfIncident = new WeakMap<Incident, number>();
const orderOfState = new WeakMap<StatusState, readonly Incident[]>();

/** When an incident started, in ms. */
export function startOf(incident: Incident): number {
  const known = startOfIncident.get(incident);
  if (known !== undefined) return known;
  const at = Date.parse(incident.createdAt);
  if (isDeeplyFrozen(incident)) startOfIncident.set(incident, at);
  return at;
}

/** The state's incidents, the latest started first; those that started together keep the state's order. */
export function newestStartedFirst(state: StatusState): readonly Incident[] {
  const known = orderOfState.get(state);
  if (known) return known;
  const order = state.incidents
    .map((incident) => ({ incident, at: startOf(incident) }))
    .sort((a, b) => b.at - a.at)
    .map(({ incident }) => incident);
  orderOfState.set(state, order);
  return order;
}
