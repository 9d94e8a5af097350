// Checks that a page's Content-Security-Policy still forbids reaching out (web-job.js,
// web-folder.js): a fetch, an image and a script from another origin are each tried from
// inside the page. The test's server logs every path it is asked for, so it can check none
// of the three arrived; here, the policy's refusals (`securitypolicyviolation` events) are
// collected. `watch` must be called before the page loads.
'use strict';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function watch(page) {
  await page.evaluateOnNewDocument(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations.push({ directive: e.effectiveDirective, blocked: e.blockedURI });
    });
  });
}

// Tries the three requests to `other` (a URL ending in /) and returns the refusals seen
// since the page loaded, with the probes'.
async function probe(page, other) {
  await page.evaluate((origin) => {
    fetch(`${origin}probe-fetch`).catch(() => {});
    new Image().src = `${origin}probe-image.png`;
    const script = document.createElement('script');
    script.src = `${origin}probe-script.js`;
    document.head.append(script);
  }, other);
  await page.waitForFunction(() => window.cspViolations.length >= 3, { timeout: 5000 }).catch(() => {});
  // Time for a request the policy let through to reach the server.
  await sleep(500);
  return page.evaluate(() => window.cspViolations.slice());
}

// The policy writes each refusal to the console as an error: those are the probes' own.
const isPolicyReport = (message) => message.includes('Content Security Policy');

// Probes the page last, into `seen`: the refusals before the probes, the probes' own, and
// the console's errors without the policy's reports of the probes.
async function probeLast(page, other, seen) {
  seen.cspBeforeProbes = await page.evaluate(() => window.cspViolations.slice());
  const messages = seen.consoleErrors.length;
  seen.cspRefusals = await probe(page, other);
  seen.consoleErrors = seen.consoleErrors.slice(0, messages)
    .concat(seen.consoleErrors.slice(messages).filter((m) => !isPolicyReport(m)));
}

module.exports = { watch, probeLast };
