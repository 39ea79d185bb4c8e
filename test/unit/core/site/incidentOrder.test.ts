import { newestStartedFirst, startOf } from '../../../../src/core/site/incidentOrder';
import {
  aResolvedIncident,
  aState,
  anOpenIncident,
  deepFreeze,
  minutesBefore,
  T0,
} from '../../../support/builders';

describe('newestStartedFirst', () => {
  it('lists the latest started first, those that started together in the state’s order', () => {
    const a = aResolvedIncident(1, T0, { createdAt: minutesBefore(T0, 90) });
    const b = anOpenIncident(2, { createdAt: minutesBefore(T0, 10) });
    const c = aResolvedIncident(3, T0, { createdAt: minutesBefore(T0, 90) });
    const state = aState({ incidents: [a, b, c] });
    expect(newestStartedFirst(state).map((incident) => incident.id)).toEqual(['INC-2', 'INC-1', 'INC-3']);
  });

  it('is found once per state, and follows a state that is not the same object', () => {
    const state = aState({ incidents: [anOpenIncident(1)] });
    expect(newestStartedFirst(state)).toBe(newestStartedFirst(state));
    const next = { ...state, incidents: [...state.incidents, anOpenIncident(2, { createdAt: T0 })] };
    expect(newestStartedFirst(next).map((incident) => incident.id)).toEqual(['INC-2', 'INC-1']);
  });
});

describe('startOf', () => {
  it('is when the incident started, for a frozen incident and for one that may still change', () => {
    const frozen = deepFreeze(aResolvedIncident(1, T0, { createdAt: minutesBefore(T0, 30) }));
    expect(startOf(frozen)).toBe(Date.parse(minutesBefore(T0, 30)));
    const open = anOpenIncident(2, { createdAt: minutesBefore(T0, 5) });
    expect(startOf(open)).toBe(Date.parse(minutesBefore(T0, 5)));
    open.createdAt = minutesBefore(T0, 6);
    expect(startOf(open)).toBe(Date.parse(minutesBefore(T0, 6)));
  });
});
