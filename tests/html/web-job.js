// A force officer's whole job on the browser page, in headless Chromium, run by
// tests/web.rs:
//
//   node tests/html/web-job.js URL DOWNLOAD_DIR SCREENSHOT_DIR LOGO.png OTHER_ORIGIN_URL
//
// Pick Kent, add a local line, type a wrong number and see the error beside it, fix it,
// add a logo, download the leaflet and the region file: with the keyboard (Tab, typing,
// Enter), except choosing the logo file, which is the browser's own dialog. Then 20 edits
// for the preview's speed, axe-core, and the tab order. Every request is logged; the page
// must make none after it has loaded, and at the end the Content-Security-Policy must
// still refuse requests to OTHER_ORIGIN_URL (csp-probes.js). The preview's page 1 as it
// was when the leaflet was downloaded is saved as SCREENSHOT_DIR/preview-page-1.png, for
// the test to compare with pdftoppm's rendering of that PDF. Prints one JSON object with
// what it saw.

'use strict';

const fs = require('fs');
const path = require('path');
const chromium = require('./chromium');
const csp = require('./csp-probes');

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const [url, downloads, shots, logoFile, otherOrigin] = process.argv.slice(2);
  if (!otherOrigin) {
    console.error('usage: node web-job.js URL DOWNLOAD_DIR SCREENSHOT_DIR LOGO.png OTHER_ORIGIN_URL');
    process.exit(2);
  }
  fs.mkdirSync(downloads, { recursive: true });
  fs.mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch('handout-web-');
  const seen = {
    requests: [], requestsAfterLoad: [], steps: [], violations: [], timings: [],
    errorNote: null, warningNote: null, kindError: null, afterWelsh: null, unreached: [], downloads: [], consoleErrors: [],
  };
  const step = (what) => seen.steps.push(what);
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    let loaded = false;
    let probing = false;
    page.on('request', (request) => {
      const entry = request.url();
      if (probing) return;
      seen.requests.push(entry);
      if (loaded) seen.requestsAfterLoad.push(entry);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') seen.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => seen.consoleErrors.push(String(error)));
    await csp.watch(page);

    const shot = async (name) => {
      await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
    };
    const settled = async () => {
      await page.waitForFunction(() => {
        const s = document.getElementById('status').textContent;
        return (s.startsWith('Preview up to date') || s.includes('to fix'))
          && !document.getElementById('pages').hasAttribute('aria-busy');
      });
    };
    // Tab until `id` has the focus; fails after 80 presses.
    const tabTo = async (id) => {
      for (let i = 0; i < 80; i += 1) {
        if (await page.evaluate(() => document.activeElement && document.activeElement.id) === id) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached #${id}`);
    };
    const clearAndType = async (text) => {
      await page.keyboard.down('Control');
      await page.keyboard.press('a');
      await page.keyboard.up('Control');
      await page.keyboard.press('Backspace');
      await page.keyboard.type(text);
    };
    // The notes beside a field (its aria-describedby), as the test judges them.
    const noteOf = (id) => page.evaluate((fieldId) => {
      const field = document.getElementById(fieldId);
      const ids = (field.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      const notes = ids.map((i) => document.getElementById(i)).filter(Boolean);
      return {
        text: notes.map((n) => n.textContent).join(' '),
        kinds: notes.map((n) => n.className),
        besideField: notes.length > 0 && notes.every((n) => n.closest('.field') === field.closest('.field')),
        invalid: field.getAttribute('aria-invalid') === 'true',
        downloadDisabled: document.getElementById('download-pdf').disabled,
        status: document.getElementById('status').textContent,
        summary: document.getElementById('summary').textContent,
      };
    }, id);
    // Typing goes a key at a time and each key is checked, so an error about a prefix of
    // the text ("9" before "999") can show first: wait for the note about the whole text.
    const noteMentioning = async (id, text) => {
      await page.waitForFunction((fieldId, needle) => {
        const field = document.getElementById(fieldId);
        const notes = (field.getAttribute('aria-describedby') || '').split(' ').map((i) => document.getElementById(i));
        return field.getAttribute('aria-invalid') === 'true' && notes.some((n) => n && n.textContent.includes(needle));
      }, {}, id, text);
      return noteOf(id);
    };

    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready=true]');
    seen.loadMs = Date.now() - t0;
    seen.loadInPageMs = await page.evaluate(() => performance.now());
    loaded = true;
    await shot('1-loaded');
    step('loaded');

    // Pick Kent by typing in the search box and pressing Enter.
    await tabTo('force-pick');
    await page.keyboard.type('Kent');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('force.name').value === 'Kent Police');
    await settled();
    await shot('2-kent');
    step('picked Kent');

    // Add a local line and give it a wrong number.
    await tabTo('add-line');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement.id === 'contact.local[0].label');
    await page.keyboard.type('Modern slavery team');
    await page.keyboard.press('Tab');
    await page.keyboard.type('12345');
    // The empty number was already an error: wait for the one about what was typed.
    seen.errorNote = await noteMentioning('contact.local[0].number', '12345');
    await shot('3-wrong-number');
    step('saw the error');
    // Axe on the page with an error showing, too.
    await page.evaluate(AXE);
    const axeWithError = await page.evaluate(async () => (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    })).violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })));
    seen.violations.push(...axeWithError.map((v) => ({ state: 'with an error', ...v })));

    // Fix it: a real-format local number.
    await clearAndType('01632 960123');
    await page.waitForFunction(() => !document.getElementById('contact.local[0].number').hasAttribute('aria-invalid'));
    await settled();
    await shot('4-fixed');
    step('fixed the number');

    // The logo: the file dialog is the browser's own, so the file is set on the input.
    const input = await page.$('input[type=file]');
    await input.uploadFile(logoFile);
    await tabTo('logo.alt');
    await clearAndType('Test force crest');
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Preview up to date')
      && !document.getElementById('download-pdf').disabled);
    await sleep(200);
    await settled();
    await shot('5-logo');
    step('added the logo');

    // What the preview shows of page 1 now, for the leaflet about to be downloaded: the
    // canvas's own pixels, as PNG. And the print button, which every build of the engine
    // serves (its catalogue says `print`).
    const preview = await page.evaluate(() => document.querySelector('#pages canvas').toDataURL('image/png'));
    fs.writeFileSync(path.join(shots, 'preview-page-1.png'), Buffer.from(preview.split(',')[1], 'base64'));
    // (`catalogue` is app.js's: a classic script's top-level names are the page's.)
    seen.print = await page.evaluate(() => ({
      catalogue: catalogue.print,
      buttonHidden: document.getElementById('download-print').hidden,
      buttonShown: document.getElementById('download-print').offsetParent !== null,
    }));

    // Download both, by keyboard.
    await tabTo('download-pdf');
    await page.keyboard.press('Enter');
    await tabTo('download-region');
    await page.keyboard.press('Enter');
    await tabTo('download-print');
    await page.keyboard.press('Enter');
    // And the zip of everything for the force. The engine runs in a worker: while it makes
    // six PDFs the page's own thread stays free (the longest gap between 10 ms timers).
    await tabTo('download-all');
    await page.evaluate(() => {
      window.handoutGap = { last: performance.now(), longest: 0 };
      window.handoutGap.timer = setInterval(() => {
        const now = performance.now();
        window.handoutGap.longest = Math.max(window.handoutGap.longest, now - window.handoutGap.last);
        window.handoutGap.last = now;
      }, 10);
    });
    const zipStarted = Date.now();
    await page.keyboard.press('Enter');
    for (let i = 0; i < 600; i += 1) {
      const files = fs.readdirSync(downloads).filter((f) => !f.endsWith('.crdownload'));
      if (files.length >= 4) break;
      await sleep(100);
    }
    seen.zipStatus = await page.evaluate(() => document.getElementById('status').textContent);
    seen.zipMs = Date.now() - zipStarted;
    seen.longestGapMs = await page.evaluate(() => { clearInterval(window.handoutGap.timer); return window.handoutGap.longest; });
    seen.downloads = fs.readdirSync(downloads);
    step('downloaded');

    // Speed: 20 edits of the force name (on the page), each waited for.
    await page.evaluate(() => { window.handoutTimings.length = 0; window.handoutRedrawn.length = 0; });
    await page.focus('#force\\.name');
    await page.keyboard.press('End');
    for (let i = 0; i < 20; i += 1) {
      const before = await page.evaluate(() => window.handoutTimings.length);
      if (i % 2 === 0) await page.keyboard.type('x');
      else await page.keyboard.press('Backspace');
      await page.waitForFunction((n) => window.handoutTimings.length > n, {}, before);
    }
    seen.timings = await page.evaluate(() => window.handoutTimings.slice());
    seen.redrawn = await page.evaluate(() => window.handoutRedrawn.slice());
    seen.pageCount = await page.evaluate(() => document.getElementById('pages').children.length);
    // An edit that changes one page only (the local line's hours are on the first) redraws
    // that page only.
    await page.focus('#contact\\.local\\[0\\]\\.hours');
    const before = await page.evaluate(() => window.handoutRedrawn.length);
    await page.keyboard.type('9am to 5pm');
    await page.waitForFunction((n) => window.handoutRedrawn.length > n
      && !document.getElementById('pages').hasAttribute('aria-busy'), {}, before)
      .catch(async (e) => { throw new Error(`${e.message}: ${await page.evaluate(() => document.getElementById('summary').textContent)}`); });
    seen.redrawnOne = await page.evaluate(() => window.handoutRedrawn[window.handoutRedrawn.length - 1]);

    // Warnings and plain words, on a Welsh force's Welsh leaflet: a local line given in
    // English only is printed in English, which the engine warns of; the warning sits
    // beside the field for the Welsh words, and goes when they are written.
    await tabTo('force-pick');
    await clearAndType('Dyfed-Powys');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('force.name').value === 'Dyfed-Powys Police');
    await settled();
    await tabTo('lang');
    await page.select('#lang', 'cy');
    await settled();
    await tabTo('add-line');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement.id === 'contact.local[0].label');
    await page.keyboard.type('Modern slavery team');
    await tabTo('contact.local[0].number');
    await page.keyboard.type('01632 960123');
    await page.waitForFunction(() => document.getElementById('contact.local[0].label.tr').dataset.noted === 'true');
    seen.warningNote = await noteOf('contact.local[0].label.tr');
    await shot('7-welsh-warning');
    step('saw the warning');
    // A number of the wrong kind: the message names the field as the form does.
    await tabTo('contact.non_emergency');
    await clearAndType('999');
    seen.kindError = await noteMentioning('contact.non_emergency', '"999"');
    seen.summary = await page.evaluate(() => document.getElementById('summary').textContent);
    await shot('8-kind-error');
    await clearAndType('');
    await page.waitForFunction(() => !document.getElementById('contact.non_emergency').hasAttribute('aria-invalid'));
    // The Welsh words: the warning goes.
    await tabTo('contact.local[0].label.tr');
    await page.keyboard.type('Tîm caethwasiaeth fodern');
    await page.waitForFunction(() => !document.getElementById('contact.local[0].label.tr').dataset.noted
      && document.getElementById('status').textContent.startsWith('Preview up to date'));
    seen.afterWelsh = await noteOf('contact.local[0].label.tr');
    await shot('9-welsh-given');
    step('gave the Welsh words');

    // Axe on the finished page.
    const axeDone = await page.evaluate(async () => (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    })).violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })));
    seen.violations.push(...axeDone.map((v) => ({ state: 'finished', ...v })));

    // Tab order: from the top, Tab reaches every enabled control.
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    const reached = new Set();
    for (let i = 0; i < 120; i += 1) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement && document.activeElement.id);
      if (id) reached.add(id);
    }
    seen.unreached = await page.evaluate((ids) => [...document.querySelectorAll('input, select, button, a[href]')]
      .filter((e) => !e.disabled && e.offsetParent !== null && !ids.includes(e.id))
      .map((e) => e.id || e.outerHTML.slice(0, 60)), [...reached]);

    // 200% zoom: nothing scrolls sideways (a 640 px window is what 1280 px shows at 200%).
    await page.setViewport({ width: 640, height: 900 });
    seen.sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    await shot('6-zoom-200');

    // Last, the policy: requests to another origin are refused (not counted above).
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
