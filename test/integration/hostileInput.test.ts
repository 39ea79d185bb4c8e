import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { decodeHTML } from 'entities';
import { findTemplatesDir } from '../../src/adapters/render/templatesDir';
import { toPlainText } from '../../src/core/site/plainText';
import { assertWellFormedXml, elementTexts } from '../support/xml';
import { createTestApp, type TestApp, type StoredState } from '../support/testApp';

// Issue 6, security 4: whatever people type is inert in every output. Each hostile text goes in through the
// signed webhook as a title and as an update; the HTML shows it as text, the JSON gives it back exactly, the
// feeds stay well-formed and carry it as text, and no template is ever compiled from it.

const TEN_KB = Array.from({ length: 200 }, (_, i) => `line ${i}: <b>bold</b> & "quoted" {{x}}`)
  .join(' ')
  .slice(0, 10_240);

const CORPUS: readonly (readonly [name: string, text: string])[] = [
  ['a script element', '<script>alert(1)</script>'],
  ['an image with onerror', '<img src=x onerror=alert(1)>'],
  ['an svg with onload', '<svg/onload=alert(1)>'],
  ['a javascript: link', '<a href="javascript:alert(1)">click me</a> javascript:alert(1)'],
  [
    'a data: link',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg== <a href="data:text/html,x">x</a>',
  ],
  ['a markdown javascript link', '[click](javascript:alert(1)) and <javascript:alert(1)>'],
  [
    'template syntax',
    '{{constructor.constructor("alert(1)")()}} {{{raw}}} {{> partial}} {{#each this}}x{{/each}}',
  ],
  ['a closing script tag', '</script><script>alert(1)</script><!--'],
  ['CDATA ends', ']]> <![CDATA[ x ]]> ]]>'],
  ['quotes and ampersands', `"double" 'single' \`back\` &amp; &lt; &#60; & <`],
  ['attribute breakouts', `" onmouseover="alert(1)" x=' onfocus='alert(1)`],
  ['control characters', 'bell\u0007 escape\u001b[31m null\u0000 del\u007f c1\u0085 end'],
  ['right-to-left marks', '\u202egnp.exe\u202c and \u200fRLM\u200e LRM \u2067isolate\u2069'],
  ['emoji and scripts', '🔥 東京 Ελληνικά עברית العربية'],
];

interface Case {
  name: string;
  text: string;
  id: string;
}

let app: TestApp;
let cases: Case[];
let state: StoredState;
const templatesDir = findTemplatesDir();
const compiled: string[] = [];
let compiledWhenLoaded = 0;

beforeAll(async () => {
  // Every template compile in any Handlebars environment is recorded, with its source.
  const create = Handlebars.create.bind(Handlebars);
  jest.spyOn(Handlebars, 'create').mockImplementation(() => {
    const environment = create();
    const compile = environment.compile.bind(environment);
    environment.compile = ((source: string, options?: CompileOptions) => {
      compiled.push(source);
      return compile(source, options);
    }) as typeof environment.compile;
    return environment;
  });
  app = await createTestApp();
  compiledWhenLoaded = compiled.length;
  cases = [];
  for (const [name, text] of CORPUS) {
    const reply = await app.send(`open Hostile ${cases.length + 1}: ${text} | ${text}`);
    const id = /Opened (INC-\d+)/.exec(reply.replyText)?.[1];
    if (!id) throw new Error(`${name}: ${reply.replyText}`);
    expect((await app.send(`update ${id} identified Note: ${text}`)).replyText).toContain(`Updated ${id}`);
    cases.push({ name, text, id });
  }
  const long = await app.send(`open Ten kilobytes | ${TEN_KB}`);
  const longId = /Opened (INC-\d+)/.exec(long.replyText)?.[1] ?? '';
  cases.push({ name: '10 KB of text', text: TEN_KB, id: longId });
  state = await app.readState();
});
afterAll(async () => {
  jest.restoreAllMocks();
  await app.close();
});

const incident = (id: string) => state.incidents.find((candidate) => candidate.id === id)!;

describe('hostile text', () => {
  it('reaches the state exactly as it was typed', () => {
    for (const { name, text, id } of cases) {
      const stored = incident(id);
      expect({ name, message: stored.updates[0]!.message }).toEqual({ name, message: text });
      if (id !== cases.at(-1)!.id) {
        expect({ name, title: stored.title }).toEqual({
          name,
          title: `Hostile ${Number(id.slice(4))}: ${text}`,
        });
        expect({ name, message: stored.updates[1]!.message }).toEqual({ name, message: `Note: ${text}` });
      }
    }
  });

  it('is never compiled as a template', () => {
    // Handlebars compiles the templates and partials when the renderer loads, each template file once, and
    // nothing after: every source it ever compiled is a file of the templates directory.
    const files = new Set(
      readdirSync(templatesDir, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.hbs'))
        .map((name) => readFileSync(path.join(templatesDir, name), 'utf8').replace(/\n$/, '')),
    );
    expect(compiledWhenLoaded).toBe(files.size);
    expect(compiled).toHaveLength(compiledWhenLoaded);
    // (Partials are registered without their final line break.)
    expect(new Set(compiled.map((source) => source.replace(/\n$/, '')))).toEqual(files);
  });

  it('shows as text on every HTML page: no element, attribute, script or link comes from it', async () => {
    const pages = (await app.siteFiles())
      .filter((file) => file.path.endsWith('.html'))
      .map((file) => file.path);
    for (const { id } of cases) expect(pages).toContain(`incidents/${id}.html`);
    for (const path of pages) {
      const html = (await app.readSite(path))!;
      // The only script is our hashed one; the only event handlers, links and elements are the templates'.
      const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)];
      expect({ path, scripts: scripts.length }).toEqual({ path, scripts: 1 });
      const csp = decodeHTML(/http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '');
      const hash = createHash('sha256').update(scripts[0]![1]!, 'utf8').digest('base64');
      expect(csp).toContain(`'sha256-${hash}'`);
      expect(html).not.toMatch(/<(?:img|iframe|object|embed|form|base)\b|<svg\/onload/i);
      expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
      for (const { text } of cases) if (/[<"]/.test(text)) expect(html).not.toContain(text);
      expect(html).not.toMatch(/<a\b[^>]*\shref\s*=\s*["']?\s*(?:javascript|data|vbscript):/i);
      expect(html).not.toMatch(/<!--/);
    }
  });

  it('reads back, on its incident page, as exactly the text typed (less the characters HTML forbids)', async () => {
    for (const { name, text, id } of cases) {
      const html = (await app.readSite(`incidents/${id}.html`))!;
      // What a reader sees: tags dropped, entities decoded.
      const visible = decodeHTML(html.replace(/<br>/g, '\n').replace(/<[^>]*>/g, ''));
      const expected = toPlainText(text);
      expect({ name, shown: visible.includes(expected) }).toEqual({ name, shown: true });
      expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/);
    }
  });

  it('round-trips exactly through every JSON document', async () => {
    const documents = (await app.siteFiles()).filter((file) => file.path.endsWith('.json'));
    expect(documents.map((file) => file.path)).toEqual(
      expect.arrayContaining([
        'api/v2/summary.json',
        'api/v2/incidents.json',
        'api/v2/incidents/unresolved.json',
      ]),
    );
    for (const { path } of documents) JSON.parse((await app.readSite(path))!);
    const published = JSON.parse((await app.readSite('api/v2/incidents.json'))!) as {
      incidents: { name: string; incident_updates: { body: string }[] }[];
    };
    for (const { name, id } of cases) {
      const stored = incident(id);
      const entry = published.incidents.find((candidate) => candidate.name === stored.title);
      expect({ name, found: entry !== undefined }).toEqual({ name, found: true });
      const bodies = entry!.incident_updates.map((update) => update.body).sort();
      expect({ name, bodies }).toEqual({
        name,
        bodies: stored.updates.map((update) => update.message).sort(),
      });
    }
  });

  it('leaves both feeds well-formed, carrying each title as text and its updates as safe HTML', async () => {
    for (const [path, markupElement] of [
      ['history.atom', 'content'],
      ['history.rss', 'description'],
    ] as const) {
      const xml = (await app.readSite(path))!;
      expect(() => assertWellFormedXml(xml)).not.toThrow();
      // The feeds hold the latest updates: the last incidents' titles are among their entry titles, as text.
      const titles = elementTexts(xml, 'title').join('\n');
      for (const { name, id } of cases.slice(-10)) {
        expect({ name, path, carried: titles.includes(toPlainText(incident(id).title)) }).toEqual({
          name,
          path,
          carried: true,
        });
      }
      // The update as the HTML a feed reader renders: the user's markup is text in it, never markup.
      const fragments = elementTexts(xml, markupElement);
      expect(fragments.length).toBeGreaterThan(10);
      for (const fragment of fragments) {
        expect(fragment).not.toMatch(/<(?!\/?(?:p|strong|br|a|ul|li)\b)[a-z!]/i);
        expect(fragment).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
        expect(fragment).not.toMatch(/<a\b[^>]*\shref\s*=\s*["']?\s*(?:javascript|data|vbscript):/i);
      }
    }
  });

  it('is escaped in the reply Teams shows', async () => {
    const reply = await app.send('list');
    const markup = (reply.jsonBody as { text: string }).text;
    expect(markup).not.toMatch(/<(?!br>)[a-z/!]/i);
    expect(reply.replyText).toContain('<script>alert(1)</script>');
  });
});
