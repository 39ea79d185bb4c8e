import { readFileSync } from 'node:fs';
import path from 'node:path';

// What a newcomer reads must match what they will see: the README's quick start and settings, and the deployment
// walk-through, checked against the files they describe.

const root = path.resolve(__dirname, '..', '..');
const read = (name: string) => readFileSync(path.join(root, name), 'utf8');

/** The text of a Markdown section, from its heading to the next heading of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`${heading}\n`);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const level = /^#+/.exec(heading)?.[0].length ?? 2;
  const rest = markdown.slice(start + heading.length);
  const next = new RegExp(`\\n#{1,${level}} `).exec(rest);
  return rest.slice(0, next ? next.index : undefined);
}

describe('README', () => {
  const readme = read('README.md');

  it('states the PAGE_TITLE a first run shows, the one local.settings.example.json sets', () => {
    const example = JSON.parse(read('local.settings.example.json')) as { Values: Record<string, string> };
    const row = readme.split('\n').find((line) => line.startsWith('| `PAGE_TITLE`')) ?? '';
    expect(row).toContain(`\`${example.Values.PAGE_TITLE}\``);
  });

  it('starts the step-by-step incident from a clean slate, since "Try it" already made INC-1', () => {
    const steps = section(readme, '### A whole incident, step by step');
    const firstSend = steps.indexOf('npm run send');
    expect(steps.indexOf('rm -rf .azurite')).toBeGreaterThan(-1);
    expect(steps.indexOf('rm -rf .azurite')).toBeLessThan(firstSend);
  });

  it('says which zone the times people type are in', () => {
    expect(readme).toContain('Times are typed and shown in your Teams time zone');
    const row = readme.split('\n').find((line) => line.startsWith('| `maintenance <start>')) ?? '';
    expect(row).toContain('UTC');
  });

  it('warns against copying local.settings.example.json, and says what to do if you did', () => {
    const quickStart = section(readme, '## Quick start');
    expect(quickStart).toContain("Don't copy\n`local.settings.example.json`");
    expect(quickStart).toContain('delete `local.settings.json` and `npm start` writes a real one');
    expect(quickStart).toContain('PORT=7072 SITE_PORT=8081 npm start');
  });

  it('lists what the tests need besides Node: Chromium (and where it is looked for) and Java', () => {
    const quickStart = section(readme, '## Quick start');
    expect(quickStart).toMatch(/\*\*Chromium or Google Chrome\*\*/);
    expect(quickStart).toContain('CHROMIUM_PATH');
    expect(quickStart).toMatch(/\*\*Java 11 or newer\*\*/);
  });
});

describe('Node.js 22, the supported version, everywhere', () => {
  it('is what package.json, the README, the deployment guide and the workflows say', () => {
    const manifest = JSON.parse(read('package.json')) as { engines: { node: string } };
    expect(manifest.engines.node).toBe('>=22');
    expect(section(read('README.md'), '## Quick start')).toContain('You need Node.js 22');
    expect(section(read('docs/deploy.md'), '## Before you start')).toContain('Node.js 22');
    expect(read('.github/workflows/ci.yml')).toMatch(/^\s+node: \[22(, \d+)*\]$/m);
    expect(read('.github/workflows/deploy.yml')).toMatch(/^\s+node-version: 22$/m);
    expect(read('infra/modules/functionApp.bicep')).toMatch(/name: 'node'\n\s+version: '22'/);
  });
});

describe('docs/deploy.md', () => {
  it('walks through azd up in the order azd runs it, naming the hooks azure.yaml declares', () => {
    const walk = section(read('docs/deploy.md'), '### With azd');
    const steps = [
      '**It asks**',
      '**Package.**',
      'prepackage',
      'preprovision',
      '**Provision.**',
      'postprovision',
      '**Deploy.**',
    ];
    const positions = steps.map((step) => walk.indexOf(step));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const azureYaml = read('azure.yaml');
    for (const hook of ['prepackage', 'preprovision', 'postprovision'])
      expect(azureYaml).toMatch(new RegExp(`^\\s+${hook}:$`, 'm'));
  });
});
