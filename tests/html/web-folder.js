// The browser page opened from a folder (file://), as someone would after unzipping the
// built site, in headless Chromium, run by tests/web.rs:
//
//   node tests/html/web-folder.js FILE_URL DOWNLOAD_DIR SCREENSHOT_DIR OTHER_ORIGIN_URL
//
// Opens the page, picks Kent, downloads the leaflet and the region file. Then checks the
// Content-Security-Policy still forbids reaching out (csp-probes.js, with OTHER_ORIGIN_URL
// the test's own server, which logs what reaches it). Prints one JSON object with what it
// saw.

'use strict';

const fs = require('fs');
const path = require('path');
const chromium = require('./chromium');
const csp = require('./csp-probes');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const [url, downloads, shots, otherOrigin] = process.argv.slice(2);
  if (!otherOrigin) {
    console.error('usage: node web-folder.js FILE_URL DOWNLOAD_DIR SCREENSHOT_DIR OTHER_ORIGIN_URL');
    process.exit(2);
  }
  fs.mkdirSync(downloads, { recursive: true });
  fs.mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch('handout-web-folder-');
  const seen = { requests: [], consoleErrors: [], downloads: [] };
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    // The probes at the end are not counted: Chromium reports even the requests the
    // policy refuses (the test's server log shows whether they arrived).
    let probing = false;
    page.on('request', (request) => { if (!probing) seen.requests.push(request.url()); });
    page.on('console', (message) => {
      if (message.type() === 'error') seen.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => seen.consoleErrors.push(String(error)));
    await csp.watch(page);

    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
    seen.loadMs = Date.now() - t0;
    seen.protocol = await page.evaluate(() => location.protocol);
    await page.screenshot({ path: path.join(shots, 'folder-1-loaded.png'), fullPage: true });

    await page.focus('#force-pick');
    await page.keyboard.type('Kent');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('force.name').value === 'Kent Police');
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Preview up to date')
      && !document.getElementById('pages').hasAttribute('aria-busy'));
    seen.status = await page.evaluate(() => document.getElementById('status').textContent);
    seen.pageCount = await page.evaluate(() => document.getElementById('pages').children.length);
    await page.screenshot({ path: path.join(shots, 'folder-2-kent.png'), fullPage: true });

    await page.click('#download-pdf');
    await page.click('#download-region');
    for (let i = 0; i < 300; i += 1) {
      if (fs.readdirSync(downloads).filter((f) => !f.endsWith('.crdownload')).length >= 2) break;
      await sleep(100);
    }
    seen.downloads = fs.readdirSync(downloads);

    probing = true;
    await csp.probeLast(page, otherOrigin, seen);
  } finally {
    await chromium.close(browser);
  }
  console.log(JSON.stringify(seen));
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
