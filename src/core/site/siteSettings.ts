import type { Catalog } from '../model/catalog';

/** What every output needs besides the state: the page's name, its public address and its components. */
export interface SiteSettings {
  pageTitle: string;
  /** PAGE_URL; absent when none is configured (feeds and JSON then carry addresses relative to the site root). */
  pageUrl?: string;
  catalog: Catalog;
}
