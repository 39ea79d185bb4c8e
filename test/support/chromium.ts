import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

// The browser tests drive a Chromium or Chrome already on the machine (playwright-core downloads none). Found, in
// this order: a path in the environment, a browser on the PATH or in its usual install folder, a browser that
// Playwright downloaded into its cache. With none, the tests fail with one line that says how to get one.

export const CHROMIUM_ENV = ['CHROMIUM_PATH', 'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH', 'CHROME_PATH'] as const;

export const NO_CHROMIUM =
  'No Chromium or Chrome found for the browser tests: install one (Debian/Ubuntu: `apt-get install chromium`; ' +
  'any system: `npx playwright-core install chromium`) or set CHROMIUM_PATH to its executable.';

export interface ChromiumSearch {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  exists: (file: string) => boolean;
  list: (dir: string) => string[];
  /** Where the installed playwright-core expects its own download of Chromium. */
  playwrightExecutable: () => string | undefined;
}

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

const INSTALLED: Partial<Record<NodeJS.Platform, string[]>> = {
  darwin: [
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ],
};

/** Inside a `chromium-<revision>` (or headless shell) folder of Playwright's cache, for each platform it ships. */
const IN_PLAYWRIGHT_FOLDER = [
  ['chrome-linux64', 'chrome'],
  ['chrome-linux', 'chrome'],
  ['chrome-headless-shell-linux64', 'chrome-headless-shell'],
  ['chrome-mac-arm64', 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing'],
  ['chrome-mac-x64', 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing'],
  ['chrome-mac', 'Chromium.app', 'Contents', 'MacOS', 'Chromium'],
  ['chrome-win64', 'chrome.exe'],
  ['chrome-win', 'chrome.exe'],
];

/** Playwright's download folder (https://playwright.dev/docs/browsers#managing-browser-binaries). */
function playwrightCache({ env, platform, home }: ChromiumSearch): string {
  if (env.PLAYWRIGHT_BROWSERS_PATH) return env.PLAYWRIGHT_BROWSERS_PATH;
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'ms-playwright');
  if (platform === 'win32')
    return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'ms-playwright');
  return path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'ms-playwright');
}

function candidates(search: ChromiumSearch): string[] {
  const { env, platform } = search;
  const separator = platform === 'win32' ? ';' : ':';
  const pathDirs = (env.PATH ?? env.Path ?? '').split(separator).filter(Boolean);
  const onPath = pathDirs.flatMap((dir) =>
    NAMES.map((name) => path.join(dir, platform === 'win32' ? `${name}.exe` : name)),
  );
  const cache = playwrightCache(search);
  const downloaded = search
    .list(cache)
    .filter((folder) => /^chromium(_headless_shell)?-\d+$/.test(folder))
    .sort()
    .reverse()
    .flatMap((folder) => IN_PLAYWRIGHT_FOLDER.map((parts) => path.join(cache, folder, ...parts)));
  const expected = search.playwrightExecutable();
  return [...onPath, ...(INSTALLED[platform] ?? []), ...(expected ? [expected] : []), ...downloaded];
}

/** The browser's executable, or an Error whose message is the one line that says how to get one. */
export function findChromium(search: ChromiumSearch = defaultSearch()): string {
  for (const name of CHROMIUM_ENV) {
    const given = search.env[name];
    if (!given) continue;
    if (search.exists(given)) return given;
    throw oneLine(`${name} is ${given}, which does not exist. ${NO_CHROMIUM}`);
  }
  const found = candidates(search).find((file) => search.exists(file));
  if (found) return found;
  throw oneLine(NO_CHROMIUM);
}

/** An Error that Jest reports as its message alone. */
function oneLine(message: string): Error {
  const error = new Error(message);
  error.stack = message;
  return error;
}

function defaultSearch(): ChromiumSearch {
  return {
    env: process.env,
    platform: process.platform,
    home: os.homedir(),
    exists: existsSync,
    list: (dir) => {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    },
    playwrightExecutable: () => {
      try {
        return chromium.executablePath();
      } catch {
        return undefined;
      }
    },
  };
}
