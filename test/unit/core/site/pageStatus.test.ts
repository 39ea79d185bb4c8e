import { derivePageStatus, type PageStatus } from '../../../../src/core/site/pageStatus';
import type { ComponentStatus, Impact } from '../../../../src/core/model/vocabulary';
import {
  aMaintenance,
  aResolvedIncident,
  aState,
  anOpenIncident,
  PAGE_CATALOG,
  T0,
} from '../../../support/builders';

// The mapping is Statuspage's, checked against:
// - Atlassian's description of the calculation:
//   https://support.atlassian.com/statuspage/docs/top-level-status-and-incident-impact-calculations/
// - summary.json responses of a real Statuspage page (status.instructure.com) saved in a public repository:
//   https://github.com/Carson-Key/OSU-Products-Dashboard/tree/main/src/helpers/ExampleAPICalls
//   none.js (indicator none, "All Systems Operational", every component operational, no incident) and
//   major.js (indicator major, "Partial System Outage"). Its critical.js pairs indicator critical with the
//   same words, an edited sample, so the critical words come from Atlassian's list above.
// Statuspage also prints "Major System Outage" for components in major_outage on some pages; we keep to the one
// phrase the contract names ("Major Service Outage"), the one it prints for a critical incident.

const state = (fields: Parameters<typeof aState>[0]) => aState(fields);
const withComponent = (status: ComponentStatus) =>
  state({ components: { website: { status, updatedAt: T0 } } });
const withIncident = (impact: Impact) =>
  state({ incidents: [anOpenIncident(1, { impact, components: [] })] });

describe('derivePageStatus', () => {
  it('is "All Systems Operational" when nothing is open, down or in maintenance', () => {
    expect(derivePageStatus(state({ incidents: [aResolvedIncident(1, T0)] }), PAGE_CATALOG)).toEqual({
      indicator: 'none',
      description: 'All Systems Operational',
    });
  });

  it.each<[ComponentStatus, PageStatus]>([
    ['degraded_performance', { indicator: 'minor', description: 'Partially Degraded Service' }],
    ['partial_outage', { indicator: 'major', description: 'Partial System Outage' }],
    ['major_outage', { indicator: 'critical', description: 'Major Service Outage' }],
    ['under_maintenance', { indicator: 'maintenance', description: 'Service Under Maintenance' }],
  ])('follows a component in %p with no incident open', (status, expected) => {
    expect(derivePageStatus(withComponent(status), PAGE_CATALOG)).toEqual(expected);
  });

  it.each<[Impact, PageStatus]>([
    ['none', { indicator: 'none', description: 'All Systems Operational' }],
    ['minor', { indicator: 'minor', description: 'Minor Service Outage' }],
    ['major', { indicator: 'major', description: 'Partial System Outage' }],
    ['critical', { indicator: 'critical', description: 'Major Service Outage' }],
  ])('follows an open incident of impact %p with every component operational', (impact, expected) => {
    expect(derivePageStatus(withIncident(impact), PAGE_CATALOG)).toEqual(expected);
  });

  it('is "Service Under Maintenance" while a maintenance window is in progress', () => {
    const inProgress = state({ maintenances: [aMaintenance(1, { status: 'in_progress' })] });
    expect(derivePageStatus(inProgress, PAGE_CATALOG)).toEqual({
      indicator: 'maintenance',
      description: 'Service Under Maintenance',
    });
    const scheduled = state({ maintenances: [aMaintenance(1, { status: 'scheduled' })] });
    expect(derivePageStatus(scheduled, PAGE_CATALOG).indicator).toBe('none');
  });

  it('takes the worst of incidents, components and maintenance', () => {
    const mixed = state({
      incidents: [anOpenIncident(1, { impact: 'minor' })],
      components: { website: { status: 'major_outage', updatedAt: T0 } },
      maintenances: [aMaintenance(1, { status: 'in_progress' })],
    });
    expect(derivePageStatus(mixed, PAGE_CATALOG)).toEqual({
      indicator: 'critical',
      description: 'Major Service Outage',
    });
    const worseIncident = state({
      incidents: [anOpenIncident(1, { impact: 'major' })],
      components: { website: { status: 'degraded_performance', updatedAt: T0 } },
    });
    expect(derivePageStatus(worseIncident, PAGE_CATALOG).indicator).toBe('major');
  });

  it('says the declared incident, not the component, when both give the same indicator', () => {
    const both = state({
      incidents: [anOpenIncident(1, { impact: 'minor' })],
      components: { chat: { status: 'degraded_performance', updatedAt: T0 } },
    });
    expect(derivePageStatus(both, PAGE_CATALOG).description).toBe('Minor Service Outage');
  });

  it('lets an outage outrank maintenance in progress', () => {
    const both = state({
      components: { chat: { status: 'degraded_performance', updatedAt: T0 } },
      maintenances: [aMaintenance(1, { status: 'in_progress' })],
    });
    expect(derivePageStatus(both, PAGE_CATALOG).indicator).toBe('minor');
  });

  it('ignores the status of a component the page no longer lists', () => {
    const stale = state({ components: { retired: { status: 'major_outage', updatedAt: T0 } } });
    expect(derivePageStatus(stale, PAGE_CATALOG).indicator).toBe('none');
  });
});
