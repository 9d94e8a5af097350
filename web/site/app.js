// The page: a form for a force's region file, the handout engine (handout.wasm, the same
// Rust library as the command line, run in a worker) building the leaflet on every edit, a preview drawn
// from the PDF's own pages, the engine's errors beside the fields they are about, and
// downloads of the PDF and the region file. Nothing is sent anywhere: the only request
// is for handout.wasm itself, when the page opens (none when it is opened from a folder).

const $ = (id) => document.getElementById(id);

// Names the page shows for the content's language tags.
const LANGUAGES = {
  'en-GB': 'English', cy: 'Welsh (Cymraeg)', ar: 'Arabic (العربية)', fa: 'Persian (فارسی)',
  pl: 'Polish (polski)', ro: 'Romanian (română)', so: 'Somali (Soomaali)', sq: 'Albanian (shqip)',
  ti: 'Tigrinya (ትግርኛ)', vi: 'Vietnamese (Tiếng Việt)',
};
const PREVIEW_PPI = 72;

// ---- The engine, in a worker ------------------------------------------------------------

// The worker's own code. It is made into a Blob URL (`new Worker` of a file cannot work from
// a file:// folder, and this way the page has no second script to fetch). It instantiates
// the compiled engine it is sent, answers one request at a time, and tells the page which
// preview pages changed since the last build, so only those are drawn again.
function engineWorker() {
  let engine;
  let previous = [];
  const same = (a, b) => {
    if (!b || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
    return true;
  };
  // eslint-disable-next-line no-restricted-globals
  self.onmessage = async ({ data }) => {
    if (data.module) {
      try {
        engine = (await WebAssembly.instantiate(data.module, {})).exports;
        postMessage({ ready: true });
      } catch (e) {
        postMessage({ failed: String(e.message || e) });
      }
      return;
    }
    const { id, request, logo } = data;
    const put = (bytes) => {
      const ptr = engine.alloc(bytes.length);
      new Uint8Array(engine.memory.buffer, ptr, bytes.length).set(bytes);
      return ptr;
    };
    const json = new TextEncoder().encode(JSON.stringify(request));
    const requestPtr = put(json);
    const logoPtr = logo ? put(logo) : 0;
    const length = engine.call(requestPtr, json.length, logoPtr, logo ? logo.length : 0);
    // The memory may have grown during the call: views are made after it.
    const reply = new Uint8Array(engine.memory.buffer, engine.reply_ptr(), length);
    const jsonLength = new DataView(reply.buffer, reply.byteOffset, 4).getUint32(0, true);
    const answer = JSON.parse(new TextDecoder().decode(reply.subarray(4, 4 + jsonLength)));
    const parts = reply.slice(4 + jsonLength);
    if (answer.ok && answer.pages && answer.pages.length) {
      const pixels = answer.pages.map(({ pixels: [at, len] }) => parts.subarray(at, at + len));
      answer.pages.forEach((page, i) => { page.changed = !same(pixels[i], previous[i]); });
      // Copies: `parts` goes to the page (transferred, so no longer readable here).
      previous = pixels.map((p) => p.slice());
    }
    postMessage({ id, answer, parts: parts.buffer }, [parts.buffer]);
  };
}

let worker;
let asked = 0;
const waiting = new Map();

// The engine. Served from a web host, it is fetched (and compiled as it arrives when the
// host labels it application/wasm, as most do). Opened from a folder (file://), where the
// browser fetches nothing, its bytes come from handout-wasm.js instead: the same bytes as
// base64 in a classic script, which a page from a folder may load. That script is a third
// larger, so it is loaded only then.
async function engineModule() {
  if (location.protocol !== 'file:') {
    const response = await fetch('handout.wasm');
    if (!response.ok) throw new Error(`handout.wasm could not be loaded (${response.status})`);
    if (response.headers.get('Content-Type') === 'application/wasm') return WebAssembly.compileStreaming(response);
    return WebAssembly.compile(await response.arrayBuffer());
  }
  await new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'handout-wasm.js';
    script.onload = resolve;
    script.onerror = () => reject(new Error('handout-wasm.js is missing beside the page'));
    document.head.append(script);
  });
  const base64 = globalThis.HANDOUT_WASM_BASE64;
  delete globalThis.HANDOUT_WASM_BASE64;
  if (Uint8Array.fromBase64) return WebAssembly.compile(Uint8Array.fromBase64(base64));
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return WebAssembly.compile(bytes);
}

async function startEngine() {
  const module = await engineModule();
  const source = new Blob([`(${engineWorker.toString()})();`], { type: 'text/javascript' });
  worker = new Worker(URL.createObjectURL(source));
  await new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => (data.ready ? resolve() : reject(new Error(data.failed)));
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage({ module });
  });
  worker.onmessage = ({ data }) => {
    const resolve = waiting.get(data.id);
    waiting.delete(data.id);
    resolve({ answer: data.answer, part: ([at, len]) => new Uint8Array(data.parts, at, len) });
  };
}

// One request to the engine: JSON (and a logo's bytes) in; JSON and binary parts out.
function ask(request, logoBytes) {
  return new Promise((resolve) => {
    asked += 1;
    waiting.set(asked, resolve);
    worker.postMessage({ id: asked, request, logo: logoBytes || null });
  });
}

// ---- The region file: an object shaped like the TOML, written out as TOML ---------------

let region = {};
let regionId = 'my-force';
let logo = null; // { name, bytes }
let lastPdf = null; // { name, bytes }

const tomlString = (s) => JSON.stringify(s).replace(/\u007f/g, '\\u007f');
const isTable = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isTableArray = (v) => Array.isArray(v) && v.length > 0 && v.every(isTable);

function tomlValue(v) {
  if (typeof v === 'string') return tomlString(v);
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(', ')}]`;
  return String(v);
}

function toToml(table, path = []) {
  let out = '';
  for (const [k, v] of Object.entries(table)) {
    if (!isTable(v) && !isTableArray(v)) out += `${k} = ${tomlValue(v)}\n`;
  }
  for (const [k, v] of Object.entries(table)) {
    const name = [...path, k].join('.');
    if (isTable(v)) {
      const inner = toToml(v, [...path, k]);
      const hasOwn = Object.values(v).some((x) => !isTable(x) && !isTableArray(x));
      out += hasOwn ? `\n[${name}]\n${inner}` : inner;
    } else if (isTableArray(v)) {
      for (const item of v) out += `\n[[${name}]]\n${toToml(item, [...path, k])}`;
    }
  }
  return out;
}

function regionText() {
  return `# Region file for handout, made with the browser page.\n${toToml(region)}`;
}

function setIn(path, value) {
  let table = region;
  for (const key of path.slice(0, -1)) {
    if (!isTable(table[key])) table[key] = {};
    table = table[key];
  }
  const last = path[path.length - 1];
  if (value === undefined || value === '') delete table[last];
  else table[last] = value;
  // Drop tables left empty.
  const prune = (t) => {
    for (const [k, v] of Object.entries(t)) {
      if (isTable(v)) {
        prune(v);
        if (Object.keys(v).length === 0) delete t[k];
      }
    }
  };
  prune(region);
}

const get = (path) => path.reduce((t, k) => (t && typeof t === 'object' ? t[k] : undefined), region);

// ---- Form <-> region --------------------------------------------------------------------

const SIMPLE = ['force.name', 'force.website', 'force.email', 'contact.non_emergency'];

// Region words (the short name, a local line's label and hours) are English, or a table of
// languages (`{ en-GB = "...", cy = "..." }`). The form shows the English, and beside it
// the words in the language being previewed when that is not English.
const english = (v) => (isTable(v) ? v['en-GB'] ?? '' : v ?? '');
const translation = (v, lang) => (isTable(v) ? v[lang] ?? '' : '');

function withTranslation(old, englishText, lang, text) {
  const table = isTable(old) ? { ...old } : {};
  if (englishText) table['en-GB'] = englishText; else delete table['en-GB'];
  if (lang && lang !== 'en-GB') {
    if (text) table[lang] = text; else delete table[lang];
  }
  const langs = Object.keys(table);
  if (langs.length === 0) return undefined;
  if (langs.length === 1 && langs[0] === 'en-GB') return table['en-GB'];
  return table;
}

// The translation field for the words at `key` (made in the markup for the short name, and
// with each local line), set to the language previewed.
function translationField(key, lang) {
  const box = document.querySelector(`[data-translation="${CSS.escape(key)}"]`);
  const input = box.querySelector('input');
  const label = box.querySelector('label');
  const englishLabel = document.querySelector(`label[for="${CSS.escape(key)}"]`).textContent;
  input.dataset.lang = lang;
  input.dataset.key = `${key}.${lang}`;
  label.textContent = `${englishLabel.replace(/ \(.*\)$/, '')}, in ${LANGUAGES[lang] ?? lang}`;
  box.hidden = lang === 'en-GB';
  input.value = translation(get(key.replace(/\[(\d+)\]/g, '.$1').split('.')), lang);
  return input;
}

function readWords(key) {
  const path = key.replace(/\[(\d+)\]/g, '.$1').split('.');
  const input = document.querySelector(`[data-translation="${CSS.escape(key)}"] input`);
  return withTranslation(get(path), $(key).value.trim(), input.dataset.lang, input.value.trim());
}

function fillForm() {
  for (const key of SIMPLE) $(key).value = get(key.split('.')) ?? '';
  $('force.short_name').value = english(get(['force', 'short_name']));
  translationField('force.short_name', $('lang').value);
  const jurisdictions = get(['force', 'jurisdictions']) ?? ['england-wales'];
  $('force.jurisdictions').value = jurisdictions.join(',');
  $('brand.primary').value = get(['brand', 'primary', 'rgb']) ?? '';
  $('brand.on_primary').value = get(['brand', 'on_primary', 'rgb']) ?? '';
  $('logo.alt').value = get(['logo', 'alt']) ?? '';
  if (!logo) $('logo.file').value = '';
  $('remove-logo').hidden = !logo;
  drawLocalLines();
}

function readForm() {
  for (const key of SIMPLE) setIn(key.split('.'), $(key).value.trim());
  setIn(['force', 'short_name'], readWords('force.short_name'));
  setIn(['force', 'jurisdictions'], $('force.jurisdictions').value.split(','));
  const primary = $('brand.primary').value.trim();
  const onPrimary = $('brand.on_primary').value.trim();
  if (primary || onPrimary) {
    // A written CMYK belongs to the colour it was written for: a new colour drops it (the
    // engine derives the print value, as the command line does).
    if (get(['brand', 'primary', 'rgb']) !== primary) setIn(['brand', 'primary'], { rgb: primary });
    if (get(['brand', 'on_primary', 'rgb']) !== onPrimary) setIn(['brand', 'on_primary'], { rgb: onPrimary });
  } else {
    setIn(['brand'], undefined);
  }
  if (logo) setIn(['logo'], { file: logo.name, alt: $('logo.alt').value.trim() });
  else setIn(['logo'], undefined);
  const lines = [...document.querySelectorAll('#local-lines .line')].map((line, i) => {
    const entry = {
      label: readWords(`contact.local[${i}].label`) ?? '',
      number: $(`contact.local[${i}].number`).value.trim(),
    };
    const hours = readWords(`contact.local[${i}].hours`);
    if (hours) entry.hours = hours;
    if ($(`contact.local[${i}].text`).checked) entry.text = true;
    return entry;
  });
  if (lines.length) setIn(['contact', 'local'], lines);
  else setIn(['contact', 'local'], undefined);
}

function drawLocalLines() {
  const lines = get(['contact', 'local']) ?? [];
  const box = $('local-lines');
  box.replaceChildren();
  lines.forEach((line, i) => {
    const div = document.createElement('fieldset');
    div.className = 'line';
    const key = `contact.local[${i}]`;
    div.innerHTML = `
      <legend>Local line ${i + 1}</legend>
      <div class="field"><label for="${key}.label">What the line is for</label>
        <input id="${key}.label" data-key="${key}.label"></div>
      <div class="field" data-translation="${key}.label" hidden><label for="${key}.label.tr"></label>
        <input id="${key}.label.tr"></div>
      <div class="field"><label for="${key}.number">Number</label>
        <input id="${key}.number" data-key="${key}.number" type="tel"></div>
      <div class="field"><label for="${key}.hours">Opening hours (optional)</label>
        <input id="${key}.hours" data-key="${key}.hours"></div>
      <div class="field" data-translation="${key}.hours" hidden><label for="${key}.hours.tr"></label>
        <input id="${key}.hours.tr"></div>
      <div class="field check"><input id="${key}.text" data-key="${key}.text" type="checkbox">
        <label for="${key}.text">Text messages only (not a voice line)</label></div>
      <button type="button" id="${key}.remove" data-remove="${i}">Remove local line ${i + 1}</button>`;
    box.append(div);
    $(`${key}.label`).value = english(line.label);
    $(`${key}.number`).value = line.number ?? '';
    $(`${key}.hours`).value = english(line.hours);
    translationField(`${key}.label`, $('lang').value);
    translationField(`${key}.hours`, $('lang').value);
    $(`${key}.text`).checked = line.text === true;
  });
}

// ---- Errors and warnings beside their fields, in the form's words ------------------------

// The field a diagnostic's key path is about: the key itself, or the nearest key above it
// that has a field (`brand.primary.cmyk` -> `brand.primary`). English standing in for
// another language's words is about that language's field.
function fieldFor(d) {
  if (d.rule === 'untranslated' && d.key) {
    const field = document.querySelector(`[data-key="${CSS.escape(`${d.key}.${$('lang').value}`)}"]`);
    if (field) return field;
  }
  let k = d.key || '';
  while (k) {
    const field = document.querySelector(`[data-key="${CSS.escape(k)}"]`);
    if (field) return field;
    const cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
    k = cut > 0 ? k.slice(0, cut) : '';
  }
  return null;
}

// A field's name as the form shows it: its label, after its local line's name.
function fieldName(field) {
  const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`).textContent.replace(/ \(.*\)$/, '');
  const line = field.closest('.line');
  return line ? `${line.querySelector('legend').textContent}: ${label.charAt(0).toLowerCase()}${label.slice(1)}` : label;
}

// The command line's hints speak of the region file (TOML keys, tables, flags). The page
// says the same in the form's terms; a hint written for the file that has no form wording
// here is left out rather than shown.
const PAGE_HINTS = [
  [/name = "Testshire|add \[force\] with name/, () => 'write the force\'s official name, e.g. Testshire Constabulary'],
  [/add `alt = /, () => 'say what the logo shows, e.g. "Kent Police logo": a screen reader reads it instead of the picture'],
  [/beside the region file|--region-file/, () => 'choose the logo\'s image file (SVG, PNG or JPEG) again'],
  [/remove the line to use the default/, () => 'write it, or empty the field to use the standard words'],
  [/give it per language/, (d, field) => (field ? `write the words in "${fieldName(field)}"` : null)],
  [/add en-GB = /, () => 'write the English words too: they stand in for every language not given'],
  [/leave cmyk out/, () => 'change the colour, or ask whoever makes the print copies to check it'],
  [/jurisdictions = /, () => 'choose where the force works'],
];
const FILE_WORDS = /`|\s=\s|\[|--|\.toml|region file/;

function plainHint(d, field) {
  if (!d.hint) return null;
  const page = PAGE_HINTS.find(([pattern]) => pattern.test(d.hint));
  if (page) return page[1](d, field);
  return FILE_WORDS.test(d.hint) ? null : d.hint;
}

// The message with the file's names for things replaced by the form's: a key in
// backquotes becomes the field's label, the colour keys their labels.
function plainMessage(d) {
  const standingIn = d.rule === 'untranslated' && d.message.match(/this `([^`]+)` document prints it in English: (".*")$/);
  if (standingIn) {
    const language = (LANGUAGES[standingIn[1]] ?? standingIn[1]).replace(/ \(.*\)$/, '');
    return `the ${language} copy prints ${standingIn[2]} in English, as no ${language} words are given`;
  }
  return d.message
    .replace(/`([a-z_.[\]0-9]+)`/g, (all, key) => {
      const field = document.querySelector(`[data-key="${CSS.escape(key)}"]`);
      return field ? `"${fieldName(field)}"` : all;
    })
    .replace(/\bon_primary\b/g, 'the text colour')
    .replace(/\bprimary\b/g, 'the main colour')
    .replace(/`([^`]*)`/g, '"$1"');
}

// A diagnostic as a sentence; `where` puts the field's name first (in the lists above the
// form; beside the field its label says it).
function sentence(d, field, where) {
  const message = plainMessage(d);
  const hint = plainHint(d, field);
  const text = where && field ? `${fieldName(field)}: ${message}` : message.charAt(0).toUpperCase() + message.slice(1);
  return hint ? `${text}. To fix it: ${hint}.` : `${text}.`;
}

function clearProblems() {
  for (const field of document.querySelectorAll('[aria-invalid], [data-noted]')) {
    field.removeAttribute('aria-invalid');
    delete field.dataset.noted;
    const own = (field.getAttribute('aria-describedby') || '').split(' ')
      .filter((id) => id && !id.startsWith('error-') && !id.startsWith('warning-'));
    if (own.length) field.setAttribute('aria-describedby', own.join(' '));
    else field.removeAttribute('aria-describedby');
  }
  for (const note of document.querySelectorAll('.error, .warning')) note.remove();
  for (const kind of ['summary', 'notes']) {
    $(kind).hidden = true;
    $(`${kind}-list`).replaceChildren();
  }
}

// Which warnings are the force's to act on: those about its region file (the content's own
// findings are for the people who write the content, and the command line shows them).
const forTheForce = (d) => d.severity === 'warning' && d.file === `${regionId}.toml`;

// Errors (the leaflet cannot be made until they are fixed) and warnings (it is made, but
// something could be better), each beside its field and in a list of links to the fields.
function showProblems(diagnostics) {
  clearProblems();
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter(forTheForce);
  for (const [kind, list, box] of [['error', errors, 'summary'], ['warning', warnings, 'notes']]) {
    list.forEach((d, i) => {
      const field = fieldFor(d);
      const text = sentence(d, field, true);
      const item = document.createElement('li');
      if (field) {
        const note = document.createElement('p');
        note.className = kind;
        note.id = `${kind}-${i}`;
        const beside = sentence(d, field, false);
        note.textContent = kind === 'warning' ? `Check: ${beside}` : beside;
        field.closest('.field').append(note);
        if (kind === 'error') field.setAttribute('aria-invalid', 'true');
        else field.dataset.noted = 'true';
        const described = (field.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
        field.setAttribute('aria-describedby', [...described, note.id].join(' '));
        const link = document.createElement('a');
        link.href = `#${CSS.escape(field.id)}`;
        link.textContent = text;
        link.addEventListener('click', (e) => { e.preventDefault(); field.focus(); });
        item.append(link);
      } else {
        item.textContent = text;
      }
      $(`${box}-list`).append(item);
    });
    $(box).hidden = list.length === 0;
  }
}

// ---- Building and the preview -----------------------------------------------------------

// performance.now() from each edit to its preview on screen, for the speed figures.
window.handoutTimings = [];
let editAt = null;
let busy = false;
let again = false;

// An edit asks for a build; edits made while one runs (in the worker: typing never waits
// for it) are built together as soon as it is done.
function schedule() {
  if (editAt === null) editAt = performance.now();
  if (busy) { again = true; return; }
  busy = true;
  $('pages').setAttribute('aria-busy', 'true');
  build();
}

function buildRequest() {
  return {
    op: 'build',
    region_name: `${regionId}.toml`,
    region_text: regionText(),
    logo_name: logo ? logo.name : null,
    product: $('product').value,
    variant: $('variant').value,
    lang: $('lang').value,
    preview_ppi: PREVIEW_PPI,
  };
}

async function build() {
  readForm();
  const started = editAt;
  editAt = null;
  const { answer, part } = await ask(buildRequest(), logo ? logo.bytes : null);
  if (answer.ok) {
    showProblems(answer.warnings);
    lastPdf = { name: answer.file_name, bytes: part(answer.pdf).slice() };
    drawPages(answer.pages.map((p) => ({ ...p, rgba: p.changed ? part(p.pixels) : null })));
    $('download-pdf').disabled = false;
    $('download-print').disabled = false;
    const checks = answer.warnings.filter(forTheForce).length;
    const also = checks ? ` ${checks} thing${checks === 1 ? '' : 's'} to check.` : '';
    $('status').textContent = `Preview up to date: ${answer.pages.length} page${answer.pages.length === 1 ? '' : 's'}.${also}`;
  } else {
    showProblems(answer.diagnostics);
    lastPdf = null;
    $('download-pdf').disabled = true;
    $('download-print').disabled = true;
    const n = answer.diagnostics.filter((d) => d.severity === 'error').length;
    $('status').textContent = `${n} problem${n === 1 ? '' : 's'} to fix: the preview shows the last version without problems.`;
  }
  if (started !== null) window.handoutTimings.push(performance.now() - started);
  busy = false;
  if (again) { again = false; schedule(); } else $('pages').removeAttribute('aria-busy');
}

// Pages whose pixels did not change since the last build (`rgba` null) are left as drawn.
window.handoutRedrawn = [];
function drawPages(pages) {
  const box = $('pages');
  while (box.children.length > pages.length) box.lastChild.remove();
  const redrawn = [];
  pages.forEach((page, i) => {
    let canvas = box.children[i];
    if (!canvas) {
      canvas = document.createElement('canvas');
      canvas.setAttribute('role', 'img');
      box.append(canvas);
    }
    canvas.setAttribute('aria-label', `Page ${i + 1} of ${pages.length}, as it will print`);
    if (!page.rgba) return;
    redrawn.push(i + 1);
    canvas.width = page.width;
    canvas.height = page.height;
    const pixels = new Uint8ClampedArray(page.rgba.buffer, page.rgba.byteOffset, page.rgba.length);
    canvas.getContext('2d').putImageData(new ImageData(pixels, page.width, page.height), 0, 0);
  });
  window.handoutRedrawn.push(redrawn);
}

// ---- Choices ----------------------------------------------------------------------------

let catalogue;

function fillVariants() {
  const product = catalogue.products.find((p) => p.id === $('product').value);
  const keep = $('variant').value;
  $('variant').replaceChildren(...product.variants.map((v) => new Option(v.id.replace('-', ' '), v.id)));
  if (product.variants.some((v) => v.id === keep)) $('variant').value = keep;
  fillLanguages();
}

function fillLanguages() {
  const product = catalogue.products.find((p) => p.id === $('product').value);
  const variant = product.variants.find((v) => v.id === $('variant').value);
  const keep = $('lang').value;
  $('lang').replaceChildren(...variant.languages.map((l) => new Option(LANGUAGES[l] ?? l, l)));
  $('lang').value = variant.languages.includes(keep) ? keep : (variant.languages.includes('en-GB') ? 'en-GB' : variant.languages[0]);
}

async function loadForce(id) {
  const { answer } = await ask({ op: 'region', id });
  if (!answer.ok) { showProblems(answer.diagnostics); return; }
  region = answer.region;
  regionId = id;
  logo = null;
  fillForm();
  schedule();
}

function download(name, bytes, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function main() {
  try {
    await startEngine();
  } catch (e) {
    $('status').textContent = `The leaflet engine could not start in this browser: ${e.message}`;
    return;
  }
  catalogue = (await ask({ op: 'catalogue' })).answer;
  $('forces').replaceChildren(...catalogue.regions.filter((r) => r.id !== 'uk').map((r) => new Option(r.name)));
  $('product').replaceChildren(...catalogue.products.map((p) => new Option(p.title, p.id)));
  fillVariants();

  $('load-force').addEventListener('click', () => {
    const name = $('force-pick').value.trim().toLowerCase();
    const found = catalogue.regions.find((r) => r.name.toLowerCase() === name || r.id === name)
      ?? catalogue.regions.find((r) => r.id !== 'uk' && r.name.toLowerCase().includes(name));
    if (!found || !name) {
      $('status').textContent = 'No built-in force has that name: pick one from the list, or start blank.';
      return;
    }
    $('force-pick').value = found.name;
    loadForce(found.id);
  });
  $('force-pick').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); $('load-force').click(); }
  });
  $('start-blank').addEventListener('click', () => {
    region = { force: { name: '', jurisdictions: ['england-wales'] } };
    regionId = 'my-force';
    logo = null;
    fillForm();
    schedule();
  });
  $('add-line').addEventListener('click', () => {
    readForm();
    const lines = get(['contact', 'local']) ?? [];
    setIn(['contact', 'local'], [...lines, { label: '', number: '' }]);
    drawLocalLines();
    $(`contact.local[${lines.length}].label`).focus();
    schedule();
  });
  $('local-lines').addEventListener('click', (e) => {
    const index = e.target.dataset.remove;
    if (index === undefined) return;
    readForm();
    const lines = get(['contact', 'local']).filter((_, i) => i !== Number(index));
    setIn(['contact', 'local'], lines.length ? lines : undefined);
    drawLocalLines();
    $('add-line').focus();
    schedule();
  });
  $('logo.file').addEventListener('change', async () => {
    const file = $('logo.file').files[0];
    if (!file) return;
    // The region file names the logo by its file name; keep it to letters, digits, dots
    // and hyphens so it is a plain name beside the region file.
    const name = file.name.replace(/[^A-Za-z0-9._-]/g, '-');
    logo = { name, bytes: new Uint8Array(await file.arrayBuffer()) };
    $('remove-logo').hidden = false;
    schedule();
  });
  // Offered only while there is a logo to remove; focus goes back to the file field.
  $('remove-logo').addEventListener('click', () => {
    logo = null;
    $('logo.file').value = '';
    $('remove-logo').hidden = true;
    $('logo.file').focus();
    schedule();
  });
  $('product').addEventListener('change', () => { readForm(); fillVariants(); fillForm(); schedule(); });
  $('variant').addEventListener('change', () => { readForm(); fillLanguages(); fillForm(); schedule(); });
  $('lang').addEventListener('change', () => { readForm(); fillForm(); schedule(); });
  $('form').addEventListener('input', (e) => {
    if (e.target.id !== 'force-pick' && e.target.type !== 'file') schedule();
  });
  $('form').addEventListener('submit', (e) => e.preventDefault());
  $('download-pdf').addEventListener('click', () => {
    if (lastPdf) download(lastPdf.name, lastPdf.bytes, 'application/pdf');
  });
  $('download-print').addEventListener('click', async () => {
    readForm();
    const { answer, part } = await ask({ ...buildRequest(), preview_ppi: 0, print: true }, logo ? logo.bytes : null);
    if (answer.ok) download(answer.file_name, part(answer.pdf).slice(), 'application/pdf');
    else showProblems(answer.diagnostics);
  });
  $('download-all').addEventListener('click', async () => {
    readForm();
    $('status').textContent = 'Making every leaflet and poster for the zip…';
    const { answer, part } = await ask({
      op: 'everything', region_name: `${regionId}.toml`, region_text: regionText(), logo_name: logo ? logo.name : null,
    }, logo ? logo.bytes : null);
    if (answer.ok) {
      download(answer.file_name, part(answer.zip).slice(), 'application/zip');
      $('status').textContent = `The zip holds ${answer.pdfs.length} PDFs, the region file${logo ? ' and the logo' : ''}.`;
    } else {
      showProblems(answer.diagnostics);
      $('status').textContent = 'The zip could not be made: see the problems listed above the form.';
    }
  });
  $('download-region').addEventListener('click', () => {
    readForm();
    download(`${regionId}.toml`, new TextEncoder().encode(regionText()), 'application/toml');
  });

  $('status').textContent = 'Ready: pick your force, or start blank.';
  document.body.dataset.ready = 'true';
}

main();
