import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { StatusState } from '../../../../src/core/model/state';
import { isOpenStatus } from '../../../../src/core/model/vocabulary';
import { SCHEMA_PATHS } from '../../../../src/core/site/statuspageSchemas';
import {
  ATOM_TYPE,
  HTML_TYPE,
  JSON_TYPE,
  MANIFEST,
  PUBLISH_ORDER,
  RSS_TYPE,
  SVG_TYPE,
  entryOf,
  planFiles,
  publishOrderOf,
  templatesOf,
  type Manifest,
  type PlannedFile,
} from '../../../../src/core/site/manifest';
import { aResolvedIncident, aState, anOpenIncident, settings } from '../../../support/builders';
import { busyState } from '../../../fixtures/states';

const templatesDir = path.resolve(__dirname, '../../../../templates');

function plan(state: StatusState, manifest: Manifest = MANIFEST): PlannedFile[] {
  return manifest.flatMap((entry) => planFiles(entry, state, settings()));
}

function text(file: PlannedFile): string {
  if (!('text' in file.content)) throw new Error(`${file.path} is a template's`);
  return file.content.text();
}

/** DESIGN.md's "Published paths" (history/… as its index and a month page), with the type each is served as. */
const PUBLISHED_PATHS: Readonly<Record<string, string>> = {
  'index.html': HTML_TYPE,
  'incidents/INC-90.html': HTML_TYPE,
  'incidents/INC-80.html': HTML_TYPE,
  'history/index.html': HTML_TYPE,
  'history/2026-11.html': HTML_TYPE,
  '404.html': HTML_TYPE,
  'badge.svg': SVG_TYPE,
  'history.atom': ATOM_TYPE,
  'history.rss': RSS_TYPE,
  'api/v2/summary.json': JSON_TYPE,
  'api/v2/status.json': JSON_TYPE,
  'api/v2/components.json': JSON_TYPE,
  'api/v2/incidents.json': JSON_TYPE,
  'api/v2/incidents/unresolved.json': JSON_TYPE,
  'api/v2/scheduled-maintenances.json': JSON_TYPE,
  'api/v2/scheduled-maintenances/upcoming.json': JSON_TYPE,
  'api/v2/scheduled-maintenances/active.json': JSON_TYPE,
};

describe('MANIFEST', () => {
  const files = plan(busyState());
  const byPath = new Map(files.map((file) => [file.path, file]));

  it('lists every published path of a populated state, each with its content type', () => {
    for (const [published, contentType] of Object.entries(PUBLISHED_PATHS)) {
      expect({ published, contentType: byPath.get(published)?.contentType }).toEqual({
        published,
        contentType,
      });
    }
  });

  it('gives every file a content type with a charset', () => {
    for (const file of files)
      expect([file.path, file.contentType]).toEqual([file.path, expect.stringMatching(/; charset=utf-8$/)]);
  });

  it('lists each path once', () => {
    expect(new Set(files.map((file) => file.path)).size).toBe(files.length);
  });

  it('has a page for each incident and month in the state, and for the history index', () => {
    const state = aState({
      incidents: [aResolvedIncident(1, '2026-10-20T10:00:00.000Z'), anOpenIncident(2)],
    });
    expect(
      plan(state)
        .map((file) => file.path)
        .filter((file) => file.startsWith('incidents/') || file.startsWith('history/')),
    ).toEqual([
      'incidents/INC-1.html',
      'incidents/INC-2.html',
      'history/2026-11.html',
      'history/2026-10.html',
      'history/index.html',
    ]);
  });

  it('names only templates that are in templates/, and every one of them', () => {
    const names = templatesOf(MANIFEST);
    for (const name of names)
      expect([name, existsSync(path.join(templatesDir, `${name}.hbs`))]).toEqual([name, true]);
    const inFolder = readdirSync(templatesDir)
      .filter((file) => file.endsWith('.hbs'))
      .map((file) => path.basename(file, '.hbs'));
    expect([...names].sort()).toEqual(inFolder.sort());
  });

  it('makes a view with the frame every page needs for each template file', () => {
    for (const file of files) {
      if ('view' in file.content)
        expect(file.content.view()).toEqual(expect.objectContaining({ pageTitle: 'Contoso status' }));
    }
  });

  it('marks as reusable only what depends on nothing but its key: resolved incidents and the schemas', () => {
    const reusable = files.filter((file) => file.reuseKey !== undefined).map((file) => file.path);
    expect(reusable.filter((file) => file.startsWith('incidents/')).sort()).toEqual(
      [80, 81, 82, 83, 84, 85, 86, 87].map((n) => `incidents/INC-${n}.html`),
    );
    expect(reusable.filter((file) => !file.startsWith('incidents/'))).toEqual(Object.values(SCHEMA_PATHS));
  });
});

describe('publishOrderOf', () => {
  const files = plan(busyState());

  it('publishes index.html last, the feeds just before it, and everything else first', () => {
    expect(PUBLISH_ORDER).toEqual(['page', 'feed', 'index']);
    const orderOf = new Map(files.map((file) => [file.path, publishOrderOf(file.path)]));
    expect(files.filter((file) => orderOf.get(file.path) === 'index').map((file) => file.path)).toEqual([
      'index.html',
    ]);
    expect(files.filter((file) => orderOf.get(file.path) === 'feed').map((file) => file.path)).toEqual([
      'history.atom',
      'history.rss',
    ]);
    expect(orderOf.get('incidents/INC-90.html')).toBe('page');
    expect(orderOf.get('history/2026-11.html')).toBe('page');
    expect(orderOf.get('api/v2/summary.json')).toBe('page');
    expect(orderOf.get('badge.svg')).toBe('page');
  });

  it('is the order of the entry that made the file, for every file', () => {
    for (const entry of MANIFEST) {
      for (const file of planFiles(entry, busyState(), settings())) {
        expect([file.path, entryOf(file.path)]).toEqual([file.path, entry]);
        expect([file.path, publishOrderOf(file.path)]).toEqual([file.path, file.order]);
      }
    }
  });

  it('puts a path no entry lists with the pages', () => {
    expect(publishOrderOf('humans.txt')).toBe('page');
    expect(entryOf('humans.txt')).toBeUndefined();
  });

  it('follows the manifest it is given', () => {
    const manifest: Manifest = [
      { path: 'news.json', contentType: JSON_TYPE, order: 'feed', text: () => '[]' },
    ];
    expect(publishOrderOf('news.json', manifest)).toBe('feed');
    expect(publishOrderOf('history.atom', manifest)).toBe('page');
  });
});

describe('planFiles', () => {
  it('plans one more file for one more entry, and a file per member for a family', () => {
    const state = busyState();
    const manifest: Manifest = [
      ...MANIFEST,
      {
        path: 'status.txt',
        contentType: 'text/plain; charset=utf-8',
        order: 'page',
        text: (s) => `v${s.version}`,
      },
      {
        paths: ['open/<id>.txt'],
        contentType: 'text/plain; charset=utf-8',
        order: 'page',
        files: (s) =>
          s.incidents
            .filter((incident) => isOpenStatus(incident.status))
            .map((incident) => ({ path: `open/${incident.id}.txt`, text: () => incident.title })),
      },
    ];
    const planned = plan(state, manifest);
    const extra = planned.slice(plan(state).length);
    expect(extra.map((file) => [file.path, text(file)])).toEqual([
      ['status.txt', `v${state.version}`],
      ...state.incidents
        .filter((incident) => isOpenStatus(incident.status))
        .map((incident) => [`open/${incident.id}.txt`, incident.title]),
    ]);
    expect(publishOrderOf('open/INC-90.txt', manifest)).toBe('page');
  });

  it('makes no content until asked: a file that is reused costs nothing to plan', () => {
    let made = 0;
    const manifest: Manifest = [
      {
        path: 'count.txt',
        contentType: 'text/plain; charset=utf-8',
        order: 'page',
        text: () => String(++made),
      },
    ];
    const [file] = plan(busyState(), manifest);
    expect(made).toBe(0);
    expect(file && text(file)).toBe('1');
  });
});
