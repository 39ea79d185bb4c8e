import { siteUrl, toSiteBase } from './links';
import type { SiteSettings } from './siteSettings';

// robots.txt (https://www.rfc-editor.org/rfc/rfc9309): every page may be crawled; the 404 page says noindex
// itself. The feed is named so crawlers that read it find every incident page.

export const ROBOTS_PATH = 'robots.txt';

export function renderRobots(settings: SiteSettings): string {
  const base = toSiteBase(settings.pageUrl);
  const lines = ['User-agent: *', 'Allow: /'];
  // Sitemap must be an absolute URL (RFC 9309 §2.2.4 leaves it to sitemaps.org, which requires one).
  if (base !== undefined) lines.push(`Sitemap: ${siteUrl(base, 'history.atom')}`);
  return `${lines.join('\n')}\n`;
}
