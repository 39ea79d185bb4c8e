import type { SubscriberDefinition } from '../model/catalog';
import type { StatusState } from '../model/state';
import { toStatuspageDocuments } from '../site/statuspageJson';
import type { SiteSettings } from '../site/siteSettings';
import type { SubscriberEvent, SubscriberKindName } from './events';
import { SUBSCRIBER_KINDS } from './kinds';
import type { Notice } from './notices';

/** One change for one subscriber: what the queue carries. */
export interface Delivery {
  /** `<notice id>.<subscriber name>`: handing the same change on twice names the same delivery. */
  id: string;
  subscriber: string;
  kind: SubscriberKindName;
  event: SubscriberEvent;
  noticeId: string;
  incidentId?: string;
  /** The request body, built when the change was handed on (JSON text). */
  body: string;
  /** 1 for the first try. */
  attempt: number;
}

/** A subscriber hears a change when it asked for the event and, if it named components, the change touches one. */
export function wantsNotice(subscriber: SubscriberDefinition, notice: Notice): boolean {
  if (!subscriber.events.includes(notice.event)) return false;
  if (subscriber.components === undefined) return true;
  return notice.components.some((id) => subscriber.components?.includes(id));
}

function incidentOf(notice: Notice): string | undefined {
  if (notice.event === 'incident' || notice.event === 'reminder') return notice.incidentId;
  if (notice.event === 'maintenance') return notice.maintenanceId;
  return undefined;
}

/** Subscribers a change goes to, leaving out incidents someone silenced with `notify off`. */
export function subscribersFor(
  notice: Notice,
  subscribers: readonly SubscriberDefinition[],
  silenced: readonly string[],
): SubscriberDefinition[] {
  const subject = incidentOf(notice);
  if (subject !== undefined && silenced.includes(subject)) return [];
  return subscribers.filter((subscriber) => wantsNotice(subscriber, notice));
}

export interface DeliveryPlan {
  state: StatusState;
  notices: readonly Notice[];
  settings: SiteSettings;
  silenced: readonly string[];
  generatedAt: string;
}

/** Every delivery the changes make, with its body; pure, so the command and the timer build the same ones. */
export function planDeliveries(plan: DeliveryPlan): Delivery[] {
  const subscribers = plan.settings.catalog.subscribers ?? [];
  if (subscribers.length === 0 || plan.notices.length === 0) return [];
  const documents = toStatuspageDocuments(plan.state, plan.settings);
  const deliveries: Delivery[] = [];
  for (const notice of plan.notices) {
    for (const subscriber of subscribersFor(notice, subscribers, plan.silenced)) {
      const body = SUBSCRIBER_KINDS[subscriber.kind].toBody({
        notice,
        state: plan.state,
        documents,
        settings: plan.settings,
        generatedAt: plan.generatedAt,
      });
      if (body === undefined) continue;
      const incidentId = incidentOf(notice);
      deliveries.push({
        id: `${notice.id}.${subscriber.name}`,
        subscriber: subscriber.name,
        kind: subscriber.kind,
        event: notice.event,
        noticeId: notice.id,
        ...(incidentId ? { incidentId } : {}),
        body: JSON.stringify(body),
        attempt: 1,
      });
    }
  }
  return deliveries;
}
