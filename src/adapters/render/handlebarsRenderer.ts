import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { SiteFile, SiteRenderer } from '../../core/ports';
import { toIncidentPageView, toPageView, incidentPath } from '../../core/pageView';
import type { StatusState } from '../../core/state';

export const HTML_TYPE = 'text/html; charset=utf-8';

type Template = (context: unknown) => string;

/** The CSP allows exactly our inline stylesheet (by hash) and nothing else: no scripts, no external requests. */
function contentSecurityPolicy(css: string): string {
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

/**
 * Loads and compiles the templates once. Templates come only from our own directory, never from user text;
 * user text reaches them only as escaped `{{values}}`.
 */
export function loadSiteRenderer(templatesDir: string, pageTitle: string): SiteRenderer {
  const handlebars = Handlebars.create();
  const read = (name: string) => readFileSync(path.join(templatesDir, name), 'utf8');
  const partialsDir = path.join(templatesDir, 'partials');
  for (const file of readdirSync(partialsDir).filter((name) => name.endsWith('.hbs'))) {
    handlebars.registerPartial(path.basename(file, '.hbs'), read(path.join('partials', file)));
  }
  const compile = (name: string): Template =>
    handlebars.compile(read(name), { knownHelpersOnly: true, preventIndent: true });
  const templates = {
    index: compile('index.hbs'),
    incident: compile('incident.hbs'),
    notFound: compile('404.hbs'),
  };
  const css = read('styles.css');
  const csp = contentSecurityPolicy(css);
  const page = (template: Template, title: string, view: unknown) => template({ title, css, csp, view });

  return (state: StatusState): SiteFile[] => {
    const index = toPageView(state, pageTitle);
    const files: SiteFile[] = state.incidents.map((incident) => ({
      path: incidentPath(incident.id),
      contentType: HTML_TYPE,
      content: page(
        templates.incident,
        `${incident.id}: ${incident.title} · ${pageTitle}`,
        toIncidentPageView(incident, pageTitle),
      ),
    }));
    files.push({
      path: '404.html',
      contentType: HTML_TYPE,
      content: page(templates.notFound, `Page not found · ${pageTitle}`, { pageTitle, root: '/' }),
    });
    files.push({
      path: 'index.html',
      contentType: HTML_TYPE,
      content: page(templates.index, `${index.header.text} · ${pageTitle}`, index),
    });
    return files;
  };
}
