/**
 * What the bot answers, independent of Teams: plain text (always, the fallback), and optionally a card with
 * an incident summary. The Teams adapter turns this into a message activity.
 */
export interface Reply {
  text: string;
  card?: ReplyCard;
}

export interface ReplyCard {
  title: string;
  /** Shown as a coloured line so the status is visible at a glance; words carry it too. */
  tone: 'attention' | 'warning' | 'good' | 'default';
  summary: string;
  facts: { title: string; value: string }[];
  /** Where the "Open status page" action leads; omitted when no page URL is configured. */
  url?: string;
}
