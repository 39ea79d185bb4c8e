import {
  componentIdFor,
  componentName,
  findComponent,
  findTemplate,
  toCatalog,
  type Catalog,
} from '../../../../src/core/model/catalog';

function catalogOf(json: unknown): Catalog {
  const result = toCatalog(json);
  if (!result.ok) throw new Error(result.error);
  return result.catalog;
}

function errorOf(json: unknown): string {
  const result = toCatalog(json);
  if (result.ok) throw new Error(`expected ${JSON.stringify(json)} to be refused`);
  return result.error;
}

const component = (name: string, fields: Record<string, unknown> = {}) => ({ name, ...fields });
const template = (fields: Record<string, unknown> = {}) => ({
  title: 'Chat unavailable',
  impact: 'major',
  components: ['Chat'],
  message: 'We are investigating.',
  ...fields,
});

describe('componentIdFor', () => {
  it.each([
    ['Chat', 'chat'],
    ['Teams Chat', 'teams-chat'],
    ['  Teams   Chat  ', 'teams-chat'],
    ['Files & Sharing', 'files-sharing'],
    ['E-mail (Exchange)', 'e-mail-exchange'],
    ['Café', 'cafe'],
    ['API v2', 'api-v2'],
  ])('makes %p into %p', (name, id) => {
    expect(componentIdFor(name)).toBe(id);
  });
});

describe('toCatalog', () => {
  it('reads components in order, with IDs derived from their names, and templates by name', () => {
    expect(
      catalogOf({
        components: [
          component('Chat', { group: 'Collaboration', description: 'Teams chat and channels' }),
          component('Files', { group: 'Collaboration' }),
          component('Website'),
        ],
        templates: { 'chat-outage': template() },
      }),
    ).toEqual({
      components: [
        { id: 'chat', name: 'Chat', group: 'Collaboration', description: 'Teams chat and channels' },
        { id: 'files', name: 'Files', group: 'Collaboration' },
        { id: 'website', name: 'Website' },
      ],
      templates: [
        {
          name: 'chat-outage',
          title: 'Chat unavailable',
          impact: 'major',
          components: ['chat'],
          message: 'We are investigating.',
        },
      ],
    });
  });

  it('keeps an ID that is given', () => {
    expect(catalogOf({ components: [component('Chat', { id: 'teams-chat' })] }).components).toEqual([
      { id: 'teams-chat', name: 'Chat' },
    ]);
  });

  it('trims names, groups and descriptions', () => {
    expect(catalogOf({ components: [component('  Chat ', { group: ' Collab ' })] }).components).toEqual([
      { id: 'chat', name: 'Chat', group: 'Collab' },
    ]);
  });

  it('ignores fields it does not know', () => {
    expect(
      catalogOf({
        $schema: './status.config.schema.json',
        components: [component('Chat', { colour: 'blue' })],
        templates: { outage: template({ severity: 'high' }) },
      }),
    ).toEqual(catalogOf({ components: [component('Chat')], templates: { outage: template() } }));
  });

  it('accepts a file with neither components nor templates', () => {
    expect(catalogOf({})).toEqual({ components: [], templates: [] });
  });

  it('gives a template major impact and no components unless it says otherwise', () => {
    const [only] = catalogOf({ templates: { outage: { title: 'Outage', message: 'Looking' } } }).templates;
    expect(only).toEqual({
      name: 'outage',
      title: 'Outage',
      impact: 'major',
      components: [],
      message: 'Looking',
    });
  });

  it('resolves template components by name or ID, ignoring case', () => {
    const catalog = catalogOf({
      components: [component('Teams Chat'), component('Email', { id: 'exchange' })],
      templates: { outage: template({ components: ['teams chat', 'EXCHANGE', 'email'] }) },
    });
    expect(catalog.templates[0]?.components).toEqual(['teams-chat', 'exchange', 'exchange']);
  });

  it('reads the checked-in status.config.json shape', () => {
    const catalog = catalogOf({
      components: [component('Chat', { group: 'Collaboration' }), component('Email')],
      templates: { 'email-delay': template({ impact: 'minor', components: ['Email'] }) },
    });
    expect(findTemplate(catalog, 'email-delay')?.components).toEqual(['email']);
  });

  it.each<[string, unknown, string]>([
    ['a list', [], 'the file must hold a JSON object'],
    ['null', null, 'the file must hold a JSON object'],
    ['components that are not a list', { components: { Chat: {} } }, '"components" must be a list'],
    ['a component that is not an object', { components: ['Chat'] }, 'components[0] must be an object'],
    ['a component without a name', { components: [component('Chat'), {}] }, 'components[1].name is required'],
    ['an empty name', { components: [component('  ')] }, 'components[0].name must be a non-empty string'],
    [
      'a name that is not text',
      { components: [component(42 as unknown as string)] },
      'components[0].name must be a non-empty string',
    ],
    [
      'a group that is not text',
      { components: [component('Chat', { group: 7 })] },
      'components[0].group must be a non-empty string',
    ],
    [
      'an empty description',
      { components: [component('Chat', { description: '' })] },
      'components[0].description must be a non-empty string',
    ],
    [
      'an empty ID',
      { components: [component('Chat', { id: ' ' })] },
      'components[0].id must be a non-empty string',
    ],
    [
      'a name with no letters or digits',
      { components: [component('!!!')] },
      'component "!!!" needs letters or digits in its name',
    ],
    [
      'two components with the same ID',
      { components: [component('Chat'), component('chat!')] },
      'two components share the ID "chat"',
    ],
    ['templates that are a list', { templates: [] }, '"templates" must be an object keyed by template name'],
    [
      'a template name with a space',
      { templates: { 'chat outage': template() } },
      'templates.chat outage: a template name is one word (letters, digits, - or _)',
    ],
    [
      'a template that is not an object',
      { templates: { outage: 'Chat is down' } },
      'templates.outage must be an object',
    ],
    [
      'an impact outside the vocabulary',
      { templates: { outage: template({ impact: 'sev1' }) } },
      'templates.outage.impact must be one of none, minor, major, critical',
    ],
    [
      'a template without a title',
      { templates: { outage: template({ title: undefined }) } },
      'templates.outage.title is required',
    ],
    [
      'a template without a message',
      { templates: { outage: template({ message: '' }) } },
      'templates.outage.message must be a non-empty string',
    ],
    [
      'template components that are not a list',
      { templates: { outage: template({ components: 'Chat' }) } },
      'templates.outage.components must be a list of component names',
    ],
    [
      'a template component that is not text',
      { templates: { outage: template({ components: [3] }) } },
      'templates.outage.components[0] must be a non-empty string',
    ],
  ])('refuses %s, naming the field: %p', (_label, json, error) => {
    expect(errorOf(json)).toBe(error);
  });

  it('refuses a template that names a component the file does not list', () => {
    expect(
      errorOf({
        components: [component('Chat')],
        templates: { outage: template({ components: ['Chat', 'Printers'] }) },
      }),
    ).toBe('templates.outage.components[1] names no component');
  });
});

describe('findComponent', () => {
  const catalog = catalogOf({
    components: [component('Chat'), component('Teams Phone'), component('Email', { id: 'exchange' })],
  });

  it.each([
    ['Chat', 'chat'],
    ['chat', 'chat'],
    ['CHAT', 'chat'],
    [' Chat ', 'chat'],
    ['Chat.', 'chat'],
    ['"Chat"', 'chat'],
    ['teams phone', 'teams-phone'],
    ['Teams-Phone', 'teams-phone'],
    ['teams_phone', 'teams-phone'],
    ['TEAMS   PHONE!', 'teams-phone'],
    ['teams-phone', 'teams-phone'],
    ['Email', 'exchange'],
    ['exchange', 'exchange'],
    ['Exchange', 'exchange'],
  ])('finds %p as %p', (typed, id) => {
    expect(findComponent(catalog, typed)?.id).toBe(id);
  });

  it.each(['Chats', 'Phone', 'Teams', '', 'mail'])('finds nothing for %p', (typed) => {
    expect(findComponent(catalog, typed)).toBeUndefined();
  });
});

describe('findTemplate', () => {
  const catalog = catalogOf({ components: [component('Chat')], templates: { 'Chat-Outage': template() } });

  it('finds a template by name, ignoring case', () => {
    expect(findTemplate(catalog, 'chat-outage')?.title).toBe('Chat unavailable');
    expect(findTemplate(catalog, 'CHAT-OUTAGE')?.name).toBe('Chat-Outage');
  });

  it('finds nothing for another name', () => {
    expect(findTemplate(catalog, 'chat')).toBeUndefined();
  });
});

describe('componentName', () => {
  const catalog = catalogOf({ components: [component('Teams Phone')] });

  it('names a component by its ID', () => {
    expect(componentName(catalog, 'teams-phone')).toBe('Teams Phone');
  });

  it('falls back to the ID of a component no longer in the file', () => {
    expect(componentName(catalog, 'fax')).toBe('fax');
  });
});
