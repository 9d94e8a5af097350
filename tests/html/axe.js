// axe-core in headless Chromium over handout's HTML twins, run by tests/browser.rs:
//
//   node tests/html/axe.js SCREENSHOT_DIR PAGE.html...
//
// For each page, at 1280 and at 320 CSS px wide (320 px is also what a 1280 px window
// shows at 400% zoom, WCAG 2.2's reflow case), at 320 px in the dark colour scheme, and at
// 320 px with its style sheet removed:
// load it with every network request refused and counted, run axe-core's WCAG 2.x A/AA
// and best-practice rules, check that nothing scrolls sideways, and save a full-page
// screenshot. Prints one line per problem; exits 1 if there is any.

'use strict';

const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const chromium = require('./chromium');

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const { CHROMIUM } = chromium;

const VIEWS = [
  { name: '1280', width: 1280, scheme: 'light' },
  { name: '320', width: 320, scheme: 'light' },
  { name: '320-dark', width: 320, scheme: 'dark' },
  // The page as it reads without its style sheet (the browser's own styles only).
  { name: '320-no-css', width: 320, scheme: 'light', css: false },
];

async function main() {
  const [shots, ...pages] = process.argv.slice(2);
  if (!shots || pages.length === 0) {
    console.error('usage: node axe.js SCREENSHOT_DIR PAGE.html...');
    process.exit(2);
  }
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`no Chromium at ${CHROMIUM}: run .ci/run (it installs chromium)`);
    process.exit(2);
  }
  fs.mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch('handout-chromium-');
  const problems = [];
  try {
    for (const file of pages) {
      const name = path.basename(file, '.html');
      for (const view of VIEWS) {
        const page = await browser.newPage();
        const requests = [];
        await page.setRequestInterception(true);
        page.on('request', (request) => {
          const url = request.url();
          if (url.startsWith('file:') || url.startsWith('data:')) {
            request.continue();
          } else {
            requests.push(url);
            request.abort();
          }
        });
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: view.scheme }]);
        await page.setViewport({ width: view.width, height: 800 });
        await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load' });
        if (view.css === false) {
          await page.evaluate(() => document.querySelectorAll('style').forEach((s) => s.remove()));
        }
        for (const url of requests) problems.push(`${name} (${view.name}): requested ${url}`);
        const widths = await page.evaluate(() => ({
          scroll: document.scrollingElement.scrollWidth,
          inner: window.innerWidth,
        }));
        if (widths.scroll > widths.inner) {
          problems.push(`${name} (${view.name}): scrolls sideways: ${widths.scroll} px of content in ${widths.inner} px`);
        }
        await page.screenshot({ path: path.join(shots, `${name}-${view.name}.png`), fullPage: true });
        await page.addScriptTag({ content: AXE });
        const violations = await page.evaluate(async () => {
          const results = await window.axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
            resultTypes: ['violations'],
          });
          return results.violations.map((v) => ({
            id: v.id,
            help: v.help,
            nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
          }));
        });
        for (const v of violations) {
          problems.push(`${name} (${view.name}): ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`);
        }
        console.log(`${name} (${view.name}): ${violations.length} violations, ${widths.scroll}/${widths.inner} px`);
        await page.close();
      }
    }
  } finally {
    await chromium.close(browser);
  }
  for (const problem of problems) console.error(problem);
  process.exit(problems.length === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
