import path from 'node:path';
import { findChromium, NO_CHROMIUM, type ChromiumSearch } from '../support/chromium';

// `npm test` on a machine without Chromium at /usr/bin/chromium: the browser tests find one where it is, or fail
// with one line that says how to get one.

function search(files: string[], overrides: Partial<ChromiumSearch> = {}): ChromiumSearch {
  const present = new Set(files);
  return {
    env: { PATH: '/usr/local/bin:/usr/bin' },
    platform: 'linux',
    home: '/home/ada',
    exists: (file) => present.has(file),
    list: (dir) =>
      [...present]
        .filter((file) => file.startsWith(`${dir}/`))
        .map((file) => file.slice(dir.length + 1).split('/')[0] ?? ''),
    playwrightExecutable: () => undefined,
    ...overrides,
  };
}

describe('findChromium', () => {
  it('takes the path the environment gives first', () => {
    const given = '/opt/chrome/chrome';
    expect(findChromium(search([given, '/usr/bin/chromium'], { env: { CHROMIUM_PATH: given } }))).toBe(given);
    expect(
      findChromium(search([given], { env: { PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH: given, PATH: '' } })),
    ).toBe(given);
  });

  it('says so when the path the environment gives does not exist', () => {
    expect(() => findChromium(search(['/usr/bin/chromium'], { env: { CHROMIUM_PATH: '/nope' } }))).toThrow(
      'CHROMIUM_PATH is /nope, which does not exist.',
    );
  });

  it('finds chromium, chromium-browser or google-chrome on the PATH', () => {
    expect(findChromium(search(['/usr/bin/chromium-browser']))).toBe('/usr/bin/chromium-browser');
    expect(findChromium(search(['/usr/local/bin/google-chrome']))).toBe('/usr/local/bin/google-chrome');
  });

  it('finds a browser Playwright downloaded, the newest first', () => {
    const cache = '/home/ada/.cache/ms-playwright';
    const older = path.posix.join(cache, 'chromium-1100', 'chrome-linux', 'chrome');
    const newer = path.posix.join(cache, 'chromium-1255', 'chrome-linux64', 'chrome');
    expect(findChromium(search([older, newer], { env: { PATH: '' } }))).toBe(newer);
    expect(
      findChromium(
        search(['/cache/chromium-1255/chrome-linux64/chrome'], {
          env: { PATH: '', PLAYWRIGHT_BROWSERS_PATH: '/cache' },
        }),
      ),
    ).toBe('/cache/chromium-1255/chrome-linux64/chrome');
  });

  it('fails with one line that says how to get one when there is none', () => {
    let error: unknown;
    try {
      findChromium(search([]));
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(NO_CHROMIUM);
    expect((error as Error).stack).toBe(NO_CHROMIUM);
    expect(NO_CHROMIUM).not.toContain('\n');
  });

  it('finds the browser on this machine', () => {
    expect(() => findChromium()).not.toThrow();
  });
});
