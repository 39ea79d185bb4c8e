// The events a subscriber can ask for. The three public ones are what Statuspage pushes; `reminder` is internal
// (a promised update fell due) and goes only to subscribers that name it.

export const SUBSCRIBER_EVENTS = ['incident', 'maintenance', 'component', 'reminder'] as const;
export type SubscriberEvent = (typeof SUBSCRIBER_EVENTS)[number];

/** What a subscriber without an `events` list hears: every public change, no internal reminders. */
export const DEFAULT_EVENTS: readonly SubscriberEvent[] = ['incident', 'maintenance', 'component'];

/** The kinds of subscriber; each is one module in this folder, registered in kinds.ts (the types keep both in step). */
export const SUBSCRIBER_KIND_NAMES = ['teams', 'webhook'] as const;
export type SubscriberKindName = (typeof SUBSCRIBER_KIND_NAMES)[number];
