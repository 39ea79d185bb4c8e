import type { Catalog } from '../../../../src/core/model/catalog';
import { listComponents } from '../../../../src/core/site/componentList';
import { aState, PAGE_CATALOG, T0 } from '../../../support/builders';

describe('listComponents', () => {
  it('keeps the catalog order and places each group where its first component is', () => {
    const entries = listComponents(PAGE_CATALOG, aState());
    expect(
      entries.map((entry) =>
        entry.kind === 'group' ? `group ${entry.group.name}` : entry.component.definition.id,
      ),
    ).toEqual(['group Collaboration', 'group Communication', 'group Network', 'website']);
    const collaboration = entries[0];
    expect(
      collaboration?.kind === 'group' && collaboration.group.components.map((c) => c.definition.id),
    ).toEqual(['chat', 'meetings', 'files']);
  });

  it('gives every component its current status, operational when the state has none', () => {
    const state = aState({ components: { meetings: { status: 'partial_outage', updatedAt: T0 } } });
    const [collaboration] = listComponents(PAGE_CATALOG, state);
    if (collaboration?.kind !== 'group') throw new Error('expected a group');
    expect(collaboration.group.components.map((c) => [c.definition.id, c.status, c.updatedAt])).toEqual([
      ['chat', 'operational', undefined],
      ['meetings', 'partial_outage', T0],
      ['files', 'operational', undefined],
    ]);
  });

  it('gives a group the worst status of its components', () => {
    const state = aState({
      components: {
        chat: { status: 'degraded_performance', updatedAt: T0 },
        files: { status: 'major_outage', updatedAt: T0 },
      },
    });
    const [collaboration] = listComponents(PAGE_CATALOG, state);
    expect(collaboration?.kind === 'group' && collaboration.group.status).toBe('major_outage');
  });

  it('gives groups IDs that never collide with a component ID', () => {
    const catalog: Catalog = {
      components: [
        { id: 'group-web', name: 'Group web' },
        { id: 'site', name: 'Site', group: 'Web' },
      ],
      templates: [],
    };
    const entries = listComponents(catalog, aState());
    const group = entries.find((entry) => entry.kind === 'group');
    expect(group?.kind === 'group' && group.group.id).toBe('group-web-2');
    expect(group?.kind === 'group' && group.group.components[0]?.groupId).toBe('group-web-2');
  });

  it('reads a component status only from the state’s own keys', () => {
    const catalog: Catalog = { components: [{ id: 'constructor', name: 'constructor' }], templates: [] };
    const [entry] = listComponents(catalog, aState());
    expect(entry?.kind === 'component' && entry.component.status).toBe('operational');
  });
});
