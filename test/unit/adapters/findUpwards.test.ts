import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findUpwards } from '../../../src/adapters/findUpwards';

describe('findUpwards', () => {
  let root: string;
  let deep: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'find-upwards-'));
    deep = path.join(root, 'a', 'b', 'c');
    mkdirSync(deep, { recursive: true });
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function touch(...parts: string[]): string {
    const file = path.join(root, ...parts);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{}');
    return file;
  }

  it('finds a file in the folder it starts from', () => {
    const file = touch('a', 'b', 'c', 'marker.json');
    expect(findUpwards(deep, 'marker.json')).toBe(file);
  });

  it('finds a file in a folder above', () => {
    const file = touch('marker.json');
    expect(findUpwards(deep, 'marker.json')).toBe(file);
  });

  it('takes the nearest match when several folders have one', () => {
    touch('marker.json');
    const nearer = touch('a', 'b', 'marker.json');
    expect(findUpwards(deep, 'marker.json')).toBe(nearer);
  });

  it('finds a path below a folder above, and a folder as well as a file', () => {
    const file = touch('a', 'templates', 'index.hbs');
    expect(findUpwards(deep, path.join('templates', 'index.hbs'))).toBe(file);
    expect(findUpwards(deep, 'templates')).toBe(path.dirname(file));
  });

  it('passes over a folder that has only part of the path', () => {
    mkdirSync(path.join(root, 'a', 'b', 'templates'));
    const file = touch('a', 'templates', 'index.hbs');
    expect(findUpwards(deep, path.join('templates', 'index.hbs'))).toBe(file);
  });

  it('stops at the filesystem root and answers undefined when nothing matches', () => {
    expect(findUpwards(deep, `absent-${randomUUID()}.json`)).toBeUndefined();
  });

  it('starts from a relative folder as from the absolute one it names', () => {
    const file = touch('marker.json');
    expect(findUpwards(path.relative(process.cwd(), deep), 'marker.json')).toBe(file);
  });
});
