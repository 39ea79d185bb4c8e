// Page weight: index.html with five open incidents and fifty components, and what it would fetch from elsewhere.
import type { RunningAzurite } from '../azurite';
import type { Catalog, ComponentDefinition } from '../../src/core/model/catalog';
import { createBenchApp, createContainers, newContainers, PAGE_URL } from './benchApp';
import { gzipBytes } from './stats';
import { TITLES, UPDATES } from './workload';

export interface PageWeight {
  openIncidents: number;
  updatesPerIncident: number;
  /** Components in the catalog, and how many of their names index.html shows. */
  components: { configured: number; shown: number; note: string };
  bytes: number;
  gzipBytes: number;
  /** Resources a browser would fetch from another origin (src, srcset, link href, CSS url() and @import). */
  externalRequests: string[];
  /** Plain links (`<a href>`) to other origins: navigation, not requests; listed for the record. */
  externalLinks: string[];
}

const SERVICES = [
  'Chat',
  'Meetings',
  'Files',
  'Email',
  'Calendar',
  'Sign-in',
  'Search',
  'VPN',
  'Website',
  'API',
];
const REGIONS = ['West Europe', 'North Europe', 'East US', 'West US', 'Southeast Asia'];

/** 50 components, as an organisation would list them in status.config.json: ten services in five regions. */
function largeCatalog(): Catalog {
  const components: ComponentDefinition[] = SERVICES.flatMap((service) =>
    REGIONS.map((region) => {
      const name = `${service} ${region}`;
      return { id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), name, group: service };
    }),
  );
  return { components, templates: [] };
}

function externalReferences(html: string, pageUrl: string): { requests: string[]; links: string[] } {
  const origin = new URL(pageUrl).origin;
  const isExternal = (url: string) => {
    const trimmed = url.trim();
    if (!/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(trimmed)) return false; // relative: same origin
    if (/^(data|about|mailto|tel):/i.test(trimmed)) return false;
    try {
      return new URL(trimmed, pageUrl).origin !== origin;
    } catch {
      return true;
    }
  };
  const requests: string[] = [];
  const links: string[] = [];
  const attributePattern = /\b(src|href|srcset|poster|data|action)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
  for (const [, tag = '', attributes = ''] of html.matchAll(/<([a-z][a-z0-9-]*)\b([^>]*)>/gi)) {
    for (const attribute of attributes.matchAll(attributePattern)) {
      const name = (attribute[1] ?? '').toLowerCase();
      const value = attribute[2] ?? attribute[3] ?? attribute[4] ?? '';
      const urls =
        name === 'srcset' ? value.split(',').map((part) => part.trim().split(/\s+/)[0] ?? '') : [value];
      for (const url of urls.filter(isExternal)) {
        if (tag.toLowerCase() === 'a' && name === 'href') links.push(url);
        else requests.push(`<${tag} ${name}> ${url}`);
      }
    }
  }
  for (const match of html.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]/gi)) {
    const url = match[1] ?? match[2] ?? '';
    if (isExternal(url)) requests.push(`css ${url}`);
  }
  return { requests, links };
}

/** index.html after 5 incidents are opened through the handler, each naming components and updated 3 times. */
export async function measurePageWeight(azurite: RunningAzurite): Promise<PageWeight> {
  const containers = newContainers('page');
  await createContainers(azurite.connectionString, containers);
  const catalog = largeCatalog();
  const app = createBenchApp(azurite.connectionString, containers, { catalog });
  const openIncidents = 5;
  for (let i = 0; i < openIncidents; i++) {
    const affected = REGIONS.slice(0, 2).map((region) => `${SERVICES[i] ?? 'Chat'} ${region}`);
    const opened = await app.send(
      `open major [${affected.join(', ')}] ${TITLES[i] ?? 'Incident'} | ${UPDATES[0]}`,
    );
    const id = /INC-\d+/.exec(opened.text)?.[0];
    if (!id) throw new Error(`Page weight: open failed: ${opened.text}`);
    for (const [n, message] of UPDATES.slice(1).entries()) {
      const status = ['identified', 'monitoring', 'monitoring'][n] ?? 'identified';
      const sent = await app.send(`update ${id} ${status} ${message}`);
      if (!sent.text.includes(id)) throw new Error(`Page weight: update failed: ${sent.text}`);
    }
  }
  const index = await app.readSite('index.html');
  if (!index) throw new Error('Page weight: no index.html was published.');
  const html = index.toString('utf8');
  const { requests, links } = externalReferences(html, PAGE_URL);
  const shown = catalog.components.filter((component) => html.includes(component.name)).length;
  return {
    openIncidents,
    updatesPerIncident: UPDATES.length,
    components: {
      configured: catalog.components.length,
      shown,
      note:
        shown >= catalog.components.length
          ? `${shown} components configured and shown`
          : `${catalog.components.length} components configured, ${shown} shown: the page does not list components yet (pending), so this is not yet the 50-component figure`,
    },
    bytes: index.length,
    gzipBytes: gzipBytes(index),
    externalRequests: requests,
    externalLinks: links,
  };
}
