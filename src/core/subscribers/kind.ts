import type { Catalog } from '../model/catalog';
import type { StatusState } from '../model/state';
import type { StatuspageDocuments } from '../site/statuspageSchemas';
import type { SiteSettings } from '../site/siteSettings';
import type { Notice } from './notices';

/** Everything a payload is built from: the change, and the state it was saved in, already turned into JSON. */
export interface NoticeView {
  notice: Notice;
  state: StatusState;
  documents: StatuspageDocuments;
  settings: SiteSettings & { catalog: Catalog };
  /** When the payload is built (ISO 8601). */
  generatedAt: string;
}

/**
 * One kind of subscriber: how a change reads for it. A new kind (email, Slack) is one module exporting one of
 * these and one line in kinds.ts; delivery, filters, retries and signatures are the same for every kind.
 */
export interface SubscriberKind {
  /** The request body (JSON.stringify'd by the sender), or undefined when the change has nothing to say here. */
  toBody(view: NoticeView): object | undefined;
}
