import { memoizeRenderer, stateKey } from '../../../../src/adapters/render/memoizeRenderer';
import { aResolvedIncident, aState, anOpenIncident, deepFreeze, T0 } from '../../../support/builders';
import type { SiteFile } from '../../../../src/core/ports';
import { emptyState, type StatusState } from '../../../../src/core/model/state';

const NOW = '2026-11-21T12:00:00.000Z';

/** A renderer that records every state it was asked to render. */
function recordingRenderer() {
  const rendered: number[] = [];
  const render = (state: StatusState): SiteFile[] => {
    rendered.push(state.version);
    return [
      { path: 'index.html', content: `version ${state.version}`, contentType: 'text/html; charset=utf-8' },
    ];
  };
  return { render, rendered };
}

const version = (n: number): StatusState => ({ ...emptyState(NOW), version: n });

describe('memoizeRenderer', () => {
  it('answers an equal state from memory, even when it is another object (as a reloaded state is)', () => {
    const { render, rendered } = recordingRenderer();
    const memoized = memoizeRenderer(render);
    const first = memoized(version(1));
    const again = memoized(JSON.parse(JSON.stringify(version(1))) as StatusState);
    expect(again).toEqual(first);
    expect(rendered).toEqual([1]);
  });

  it('renders again when anything in the state differs', () => {
    const { render, rendered } = recordingRenderer();
    const memoized = memoizeRenderer(render);
    memoized(version(1));
    memoized({ ...version(1), updatedAt: '2026-11-21T12:01:00.000Z' });
    expect(rendered).toEqual([1, 1]);
  });

  it('does not remember a render larger than its byte budget', () => {
    const { render, rendered } = recordingRenderer();
    const memoized = memoizeRenderer(render, 2, 10);
    memoized(version(1));
    memoized(version(1));
    expect(rendered).toEqual([1, 1]);
  });

  it('remembers only the last two states', () => {
    const { render, rendered } = recordingRenderer();
    const memoized = memoizeRenderer(render);
    for (const n of [1, 2, 3, 2, 3, 1]) memoized(version(n));
    expect(rendered).toEqual([1, 2, 3, 1]);
  });

  it('gives every caller its own array of files that nobody can change', () => {
    const { render } = recordingRenderer();
    const memoized = memoizeRenderer(render);
    const first = memoized(version(1));
    first.pop();
    const again = memoized(version(1));
    expect(again).toHaveLength(1);
    expect(Object.isFrozen(again[0])).toBe(true);
  });

  describe('stateKey', () => {
    const busy = () =>
      aState({ incidents: [aResolvedIncident(1, T0), anOpenIncident(2), aResolvedIncident(3, T0)] });

    it('is the same for equal states, whether their incidents are shared frozen objects or copies', () => {
      const shared = busy().incidents.map((incident) => deepFreeze(incident));
      const loaded = { ...busy(), incidents: shared };
      const reloaded = { ...busy(), incidents: [...shared] };
      expect(stateKey(loaded)).toBe(stateKey(reloaded));
      expect(stateKey(loaded)).toBe(stateKey(JSON.parse(JSON.stringify(loaded)) as StatusState));
    });

    it('differs when any incident differs, in content or in order, or when anything else does', () => {
      const state = busy();
      const key = stateKey(state);
      const [one, two, three] = state.incidents;
      if (!one || !two || !three) throw new Error('three incidents');
      expect(stateKey({ ...state, incidents: [one, { ...two, title: 'Chat is slow' }, three] })).not.toBe(
        key,
      );
      expect(stateKey({ ...state, incidents: [three, two, one] })).not.toBe(key);
      expect(stateKey({ ...state, incidents: [one, two] })).not.toBe(key);
      expect(stateKey({ ...state, version: 8 })).not.toBe(key);
    });

    it('follows a change to an incident that is not frozen, even the same object', () => {
      const state = busy();
      const key = stateKey(state);
      const [, open] = state.incidents;
      if (open) open.title = 'Chat is slow';
      expect(stateKey(state)).not.toBe(key);
    });
  });
});
