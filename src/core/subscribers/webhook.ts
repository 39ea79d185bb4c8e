import { componentName } from '../model/catalog';
import { toPageId } from '../site/statuspageJson';
import { toSiteBase } from '../site/links';
import type { StatuspageIncident, StatuspageScheduledMaintenance } from '../site/statuspageSchemas';
import type { NoticeView, SubscriberKind } from './kind';

// Statuspage's webhook notification shapes, so receivers built for Statuspage work unchanged:
// https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/ — every body has `meta` and `page`
// (`id`, `status_indicator`, `status_description`), then either `incident` (the full incident with its
// `incident_updates`; a scheduled maintenance is an incident there too) or `component_update` and `component`.

export interface WebhookMeta {
  unsubscribe: string;
  documentation: string;
  generated_at: string;
}

export interface WebhookPage {
  id: string;
  status_indicator: string;
  status_description: string;
}

export type WebhookBody =
  | { meta: WebhookMeta; page: WebhookPage; incident: StatuspageIncident | StatuspageScheduledMaintenance }
  | {
      meta: WebhookMeta;
      page: WebhookPage;
      component_update: {
        id: string;
        component_id: string;
        old_status: string;
        new_status: string;
        created_at: string;
      };
      component: { id: string; name: string; status: string; created_at: string };
    };

/** The shapes' own documentation, as Statuspage's bodies carry it; our headers are in docs/subscribers.md. */
export const WEBHOOK_DOCUMENTATION =
  'https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/';

/**
 * The newest updates an incident carries in a body: a queue message holds at most 64 KiB, and a receiver that
 * needs the whole story reads api/v2/incidents.json.
 */
export const WEBHOOK_UPDATES = 20;

export function toWebhookBody(view: NoticeView): WebhookBody | undefined {
  const { notice, documents, settings } = view;
  const base = toSiteBase(settings.pageUrl);
  const meta: WebhookMeta = {
    // Subscribers are declared in status.config.json, so they leave by being removed there, not by a link;
    // a string all the same, as receivers typed for Statuspage expect (Instatus sends "" too).
    unsubscribe: '',
    documentation: WEBHOOK_DOCUMENTATION,
    generated_at: view.generatedAt,
  };
  const page: WebhookPage = {
    id: toPageId(base ?? settings.pageTitle),
    status_indicator: documents.status.status.indicator,
    status_description: documents.status.status.description,
  };
  switch (notice.event) {
    case 'incident': {
      const incident = documents.incidents.incidents.find((candidate) => candidate.id === notice.incidentId);
      return incident
        ? {
            meta,
            page,
            incident: { ...incident, incident_updates: incident.incident_updates.slice(0, WEBHOOK_UPDATES) },
          }
        : undefined;
    }
    case 'maintenance': {
      const maintenance = documents.scheduledMaintenances.scheduled_maintenances.find(
        (candidate) => candidate.id === notice.maintenanceId,
      );
      return maintenance
        ? {
            meta,
            page,
            incident: {
              ...maintenance,
              incident_updates: maintenance.incident_updates.slice(0, WEBHOOK_UPDATES),
            },
          }
        : undefined;
    }
    case 'component': {
      const { change } = notice;
      const component = documents.components.components.find(
        (candidate) => candidate.id === change.componentId,
      );
      return {
        meta,
        page,
        component_update: {
          id: notice.id,
          component_id: change.componentId,
          old_status: change.from,
          new_status: change.to,
          created_at: notice.at,
        },
        component: {
          id: change.componentId,
          name: component?.name ?? componentName(settings.catalog, change.componentId),
          status: change.to,
          created_at: component?.created_at ?? notice.at,
        },
      };
    }
    case 'reminder':
      // Statuspage has no such notification; a reminder is for people, not for systems.
      return undefined;
  }
}

export const webhookKind: SubscriberKind = { toBody: toWebhookBody };
