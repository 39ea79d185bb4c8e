import type { StatusState } from '../../../src/core/model/state';
import type { SiteFile, SiteRenderer } from '../../../src/core/ports';

const html = (path: string, content: string): SiteFile => ({
  path,
  content,
  contentType: 'text/html; charset=utf-8',
});

/**
 * A SiteRenderer standing in for the templates: one page per incident (its title and messages), a JSON list, a
 * feed and index.html, each changing only when what it shows changes, like the real site. Records the version
 * of every state it was asked to render.
 */
export class FakeRenderer {
  readonly rendered: number[] = [];

  readonly render: SiteRenderer = (state: StatusState) => {
    this.rendered.push(state.version);
    const incidents = state.incidents.map((incident) =>
      html(
        `incidents/${incident.id}.html`,
        [incident.title, ...incident.updates.map((update) => update.message)].join('\n'),
      ),
    );
    const list = state.incidents.map((incident) => ({ id: incident.id, status: incident.status }));
    return [
      ...incidents,
      {
        path: 'api/v2/incidents.json',
        content: JSON.stringify(list),
        contentType: 'application/json; charset=utf-8',
      },
      {
        path: 'history.atom',
        content: state.incidents
          .flatMap((incident) => incident.updates.map((update) => update.id))
          .join('\n'),
        contentType: 'application/atom+xml; charset=utf-8',
      },
      html(
        'index.html',
        `version ${state.version}: ${state.incidents.map((incident) => incident.title).join(', ')}`,
      ),
    ];
  };
}
