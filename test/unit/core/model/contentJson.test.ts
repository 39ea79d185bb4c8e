import { contentJson } from '../../../../src/core/model/contentJson';
import { aResolvedIncident, deepFreeze, T0 } from '../../../support/builders';

describe('contentJson', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('makes the JSON of a deeply frozen incident once, however often it is asked', () => {
    const incident = deepFreeze(aResolvedIncident(1, T0));
    const stringify = jest.spyOn(JSON, 'stringify');
    const first = contentJson(incident);
    expect(contentJson(incident)).toBe(first);
    expect(stringify).toHaveBeenCalledTimes(1);
    expect(first).toBe(JSON.stringify(incident));
  });

  it('makes it again for an incident that can change, and so follows the change', () => {
    const incident = aResolvedIncident(1, T0);
    expect(contentJson(incident)).toContain('"title":"Incident 1"');
    incident.title = 'Chat was down';
    expect(contentJson(incident)).toContain('"title":"Chat was down"');
  });

  it('does not remember an incident frozen only on the outside, whose lists can still change', () => {
    const incident = aResolvedIncident(1, T0);
    Object.freeze(incident);
    const before = contentJson(incident);
    incident.updates.pop();
    expect(contentJson(incident)).not.toBe(before);
  });
});
