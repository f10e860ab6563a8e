// Reads examples/broken/expected.json: an array of { file, line, code } naming the diagnostics the
// broken examples must produce. Plain Node (no `vscode`), shared by the in-host suite and the
// Playwright UI test. `file` may be written relative to examples/broken/, to examples/ or to the
// repository (examples/broken/...); it is normalised to a '/'-separated path relative to the
// examples folder, which is the workspace root in every e2e run.
'use strict';
const fs = require('fs');
const path = require('path');

const CODE_RE = /^NDIS\d{3}$/;

function toExamplesRelative(examplesRoot, file) {
  const f = String(file).replace(/\\/g, '/').replace(/^\.\//, '');
  const candidates = [];
  if (f.startsWith('examples/')) candidates.push(f.slice('examples/'.length));
  candidates.push(`broken/${f}`, f);
  return candidates.find((c) => fs.existsSync(path.join(examplesRoot, c)));
}

/**
 * @param {string} examplesRoot folder holding broken/expected.json (the examples copy)
 * @param {{allowMissing?: boolean}} [opts] allowMissing: development only, see loadConfig
 * @returns {{ missing: boolean, entries: {file: string, line: number, code: string}[] }}
 */
function loadExpected(examplesRoot, opts = {}) {
  const jsonPath = path.join(examplesRoot, 'broken', 'expected.json');
  if (!fs.existsSync(jsonPath)) {
    if (opts.allowMissing) return { missing: true, entries: [] };
    throw new Error(`${jsonPath} is missing: the e2e tests take the expected NDIS codes from it `
      + '(set NDIS_E2E_ALLOW_NO_EXPECTED=1 only while it is being written)');
  }
  const raw = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
  if (!Array.isArray(raw) || raw.length === 0) throw new Error(`${jsonPath}: expected a non-empty array of {file, line, code}`);
  const entries = raw.map((e, i) => {
    const file = e && toExamplesRelative(examplesRoot, e.file);
    if (!file) throw new Error(`${jsonPath}[${i}]: file ${JSON.stringify(e && e.file)} not found under ${examplesRoot}`);
    if (!CODE_RE.test(String(e.code))) throw new Error(`${jsonPath}[${i}]: code ${JSON.stringify(e.code)} is not NDISnnn`);
    if (!Number.isInteger(e.line)) throw new Error(`${jsonPath}[${i}]: line ${JSON.stringify(e.line)} is not an integer`);
    return { file, line: e.line, code: String(e.code) };
  });
  return { missing: false, entries };
}

/** Map file -> sorted distinct codes expected in it (C/C++ sources only; headers are not opened). */
function codesByFile(entries) {
  const map = new Map();
  for (const e of entries) {
    if (!/\.(c|cpp)$/i.test(e.file)) continue;
    if (!map.has(e.file)) map.set(e.file, new Set());
    map.get(e.file).add(e.code);
  }
  return new Map([...map].sort(([a], [b]) => a.localeCompare(b)).map(([f, s]) => [f, [...s].sort()]));
}

/** The file the UI test opens: the one with the most distinct expected codes (ties: by name). */
function pickUiFile(entries) {
  let best;
  for (const [file, codes] of codesByFile(entries)) if (!best || codes.length > best.codes.length) best = { file, codes };
  return best;
}

/** Development fallback when expected.json does not exist yet: the first .c file under broken/. */
function firstBrokenSource(examplesRoot) {
  const walk = (rel) => {
    const abs = path.join(examplesRoot, rel);
    for (const d of fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const r = `${rel}/${d.name}`;
      if (d.isDirectory()) { const f = walk(r); if (f) return f; } else if (/\.c$/i.test(d.name)) return r;
    }
    return undefined;
  };
  return fs.existsSync(path.join(examplesRoot, 'broken')) ? walk('broken') : undefined;
}

module.exports = { loadExpected, codesByFile, pickUiFile, firstBrokenSource };
