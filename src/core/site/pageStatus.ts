import type { Catalog } from '../model/catalog';
import { componentStatus, openIncidents, type StatusState } from '../model/state';
import type { ComponentStatus, Impact } from '../model/vocabulary';

// The page status: one value, derived once, that the header, <title>, favicon, badge, status.json and
// summary.json all show. Statuspage's own rule and words, so tools that compare the strings keep working:
// the worst of (a) the open incidents' impact, (b) the listed components' statuses, (c) maintenance in
// progress, where maintenance only shows when nothing is wrong.
//
// Sources for the mapping:
// - https://support.atlassian.com/statuspage/docs/top-level-status-and-incident-impact-calculations/
//   (top-level status is the worst component status, or an active incident's impact; maintenance is blue).
// - Saved summary.json/status.json responses of real Statuspage pages, cited in test/unit/core/site/pageStatus.test.ts.

export const PAGE_INDICATORS = ['none', 'maintenance', 'minor', 'major', 'critical'] as const;
/** Least to most severe: the order the worst is taken in. */
export type PageIndicator = (typeof PAGE_INDICATORS)[number];

export const PAGE_DESCRIPTIONS = [
  'All Systems Operational',
  'Service Under Maintenance',
  'Partially Degraded Service',
  'Minor Service Outage',
  'Partial System Outage',
  'Major Service Outage',
] as const;
export type PageDescription = (typeof PAGE_DESCRIPTIONS)[number];

export interface PageStatus {
  indicator: PageIndicator;
  description: PageDescription;
}

const OPERATIONAL: PageStatus = { indicator: 'none', description: 'All Systems Operational' };
const MAINTENANCE: PageStatus = { indicator: 'maintenance', description: 'Service Under Maintenance' };

/** An open incident's impact as a page status; `none` is a notice and leaves the page as it is. */
const FROM_IMPACT: Readonly<Record<Impact, PageStatus>> = {
  none: OPERATIONAL,
  minor: { indicator: 'minor', description: 'Minor Service Outage' },
  major: { indicator: 'major', description: 'Partial System Outage' },
  critical: { indicator: 'critical', description: 'Major Service Outage' },
};

/** A component's status as a page status. */
const FROM_COMPONENT: Readonly<Record<ComponentStatus, PageStatus>> = {
  operational: OPERATIONAL,
  under_maintenance: MAINTENANCE,
  degraded_performance: { indicator: 'minor', description: 'Partially Degraded Service' },
  partial_outage: { indicator: 'major', description: 'Partial System Outage' },
  major_outage: { indicator: 'critical', description: 'Major Service Outage' },
};

const rank = (status: PageStatus) => PAGE_INDICATORS.indexOf(status.indicator);

/**
 * The worse of two statuses. At the same indicator an incident's words win over a component's ("Minor Service
 * Outage" over "Partially Degraded Service"): someone declared it, so it says more.
 */
function worse(current: PageStatus, candidate: PageStatus): PageStatus {
  return rank(candidate) > rank(current) ? candidate : current;
}

/** The page status of a state: what every published surface says about "right now". */
export function derivePageStatus(state: StatusState, catalog: Catalog): PageStatus {
  let status = OPERATIONAL;
  for (const incident of openIncidents(state)) status = worse(status, FROM_IMPACT[incident.impact]);
  // Only the components the page lists count: a status the reader cannot see must not colour the header.
  for (const definition of catalog.components) {
    status = worse(status, FROM_COMPONENT[componentStatus(state.components, definition.id)]);
  }
  const inProgress = state.maintenances.some(
    (maintenance) => maintenance.status === 'in_progress' || maintenance.status === 'verifying',
  );
  if (inProgress) status = worse(status, MAINTENANCE);
  return status;
}

/** The status an open incident alone gives (its own page's colour). */
export function impactPageStatus(impact: Impact): PageStatus {
  return FROM_IMPACT[impact];
}
