// Starts Debian's headless Chromium for the browser checks (axe.js, web-job.js), with a
// fresh profile and nothing fetched in the background, so a test sees only the page's
// own requests. CHROMIUM overrides the path.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const profiles = new WeakMap();

async function launch(profilePrefix) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), profilePrefix));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      `--user-data-dir=${profile}`,
    ],
  });
  profiles.set(browser, profile);
  return browser;
}

// Closes the browser and removes the profile folder launch() made for it.
async function close(browser) {
  await browser.close();
  fs.rmSync(profiles.get(browser), { recursive: true, force: true });
}

module.exports = { CHROMIUM, launch, close };
