import type { SubscriberKindName } from './events';
import type { SubscriberKind } from './kind';
import { teamsKind } from './teams';
import { webhookKind } from './webhook';

/** Every kind of subscriber: a new kind is its module and one line here (and its name in events.ts). */
export const SUBSCRIBER_KINDS: Readonly<Record<SubscriberKindName, SubscriberKind>> = {
  teams: teamsKind,
  webhook: webhookKind,
};
