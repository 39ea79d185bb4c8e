import { blobNameProblem, safeBlobName } from '../../../../src/adapters/storage/blobName';
import { archiveBlobName } from '../../../../src/adapters/storage/blobStateStore';

// Issue 13, part 7: blob names are built from IDs; none may climb out of its folder or smuggle an encoded escape.
describe('safeBlobName', () => {
  it.each(['index.html', 'incidents/INC-12.html', 'api/v2/summary.json', 'archive/incidents/INC-3.json'])(
    'accepts %p',
    (name) => {
      expect(safeBlobName(name)).toBe(name);
    },
  );

  it.each([
    'incidents/../404.html',
    '../state.json',
    'archive/incidents/../../state.json',
    'incidents/..%2f404.html',
    'incidents/%2e%2e/404.html',
    'incidents\\..\\404.html',
    '/index.html',
    'incidents/',
    'incidents//INC-1.html',
    './index.html',
    'incidents/INC-1\u0000.html',
    '',
  ])('refuses %p', (name) => {
    expect(blobNameProblem(name)).toBeDefined();
    expect(() => safeBlobName(name)).toThrow(/refused to write/);
  });

  it('refuses to archive an incident whose ID climbs out of the archive', () => {
    expect(() => archiveBlobName('../../state')).toThrow(/refused to write/);
    expect(archiveBlobName('INC-7')).toBe('archive/incidents/INC-7.json');
  });
});
