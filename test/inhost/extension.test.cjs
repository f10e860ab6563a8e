// Mocha suite run inside a real VS Code extension host with the real `vscode` API.
// The workspace folder is a copy of examples/; examples/broken/expected.json lists the
// { file, line (1-based), code } each broken example must produce.
'use strict';
const assert = require('assert');
const fs = require('fs');
const vscode = require('vscode');
const { loadExpected, codesByFile, firstBrokenSource } = require('./expected.cjs');

const EXT_ID = process.env.NDIS_INHOST_EXT_ID || 'ndis-workbench.ndis-workbench';
const CLEAN_EXAMPLE = 'protocol/driver.c';
const ANALYSIS_TIMEOUT = 60_000; // language server start + first analysis of every broken example
const CLEAN_PUBLISH_TIMEOUT = 20_000;

const sleepTick = () => new Promise((r) => { setTimeout(r, 100); }); // poll interval, not a wait for an outcome

/** Polls fn until truthy or the deadline; returns the last value (never throws on timeout). */
async function poll(fn, ms) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > end) return v;
    await sleepTick();
  }
}

const codeValue = (d) => (d.code && typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code));
const ndisDiagnostics = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ndis');
const describeDiags = (diags) => diags.map((d) => `${codeValue(d)}@${d.range.start.line + 1}`).join(', ') || 'none';
const open = async (root, file) => {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, ...file.split('/')));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
};

describe('NDIS Workbench in the extension host', function () {
  this.timeout(ANALYSIS_TIMEOUT + 30_000);
  let root; let expected; let files;

  before(() => {
    assert.ok(vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders.length, 'a workspace folder is open');
    root = vscode.workspace.workspaceFolders[0].uri;
    expected = loadExpected(root.fsPath, { allowMissing: process.env.NDIS_INHOST_ALLOW_NO_EXPECTED === '1' });
    files = codesByFile(expected.entries);
    if (expected.missing) { // development only: any NDIS code on the first broken source
      const f = firstBrokenSource(root.fsPath);
      assert.ok(f, 'no .c file under broken/');
      files = new Map([[f, []]]);
    }
  });

  /**
   * Opens the first broken example and waits for the extension to activate. A failed activate()
   * still leaves isActive true; ext.activate() then rejects with the activation error. Memoised.
   */
  let activated;
  const activation = () => {
    activated ??= (async () => {
      const ext = vscode.extensions.getExtension(EXT_ID);
      assert.ok(ext, `extension ${EXT_ID} not found`);
      const doc = await open(root, [...files.keys()][0]);
      assert.equal(doc.languageId, 'c');
      assert.ok(await poll(() => ext.isActive, ANALYSIS_TIMEOUT), `${EXT_ID} did not activate within ${ANALYSIS_TIMEOUT} ms`);
      await ext.activate().catch((e) => { throw new Error(`${EXT_ID} failed to activate: ${e && e.stack ? e.stack : e}`); });
    })();
    return activated;
  };

  /**
   * Opens every broken example, then waits (one shared deadline) until each file's ndis diagnostics
   * include all its expected codes. Memoised; resolves even on timeout so that later tests can look
   * at what did arrive: Map file -> { uri, diags, missing: codes not (yet) reported }.
   */
  let analysis;
  const analyseBroken = () => {
    analysis ??= (async () => {
      await activation(); // fail fast instead of waiting for diagnostics that cannot come
      const uris = new Map();
      for (const file of files.keys()) uris.set(file, (await open(root, file)).uri);
      const state = () => new Map([...files].map(([file, codes]) => {
        const diags = ndisDiagnostics(uris.get(file));
        const missing = codes.length ? codes.filter((c) => !diags.some((d) => codeValue(d) === c)) : diags.length ? [] : ['(any NDIS code)'];
        return [file, { uri: uris.get(file), diags, missing }];
      }));
      await poll(() => [...state().values()].every((s) => s.missing.length === 0), ANALYSIS_TIMEOUT);
      return state();
    })();
    return analysis;
  };
  const allDiagnostics = async () => [...(await analyseBroken()).values()].flatMap((s) => s.diags);

  it(`${EXT_ID} is installed`, () => {
    assert.ok(vscode.extensions.getExtension(EXT_ID), `extension ${EXT_ID} not found`);
  });

  it('activates without error when a C file is opened', async () => {
    await activation();
  });

  it('reports the expected NDIS codes on every broken example', async () => {
    const problems = [...(await analyseBroken())].filter(([, s]) => s.missing.length)
      .map(([file, s]) => `${file}: missing ${s.missing.join(', ')} (reported: ${describeDiags(s.diags)})`);
    assert.deepEqual(problems, [], `after ${ANALYSIS_TIMEOUT} ms:\n${problems.join('\n')}`);
  });

  it('reports them on the lines listed in expected.json (1-based)', async () => {
    const result = await analyseBroken();
    const missing = expected.entries.filter((e) => result.has(e.file)).filter((e) => !result.get(e.file).diags
      .some((d) => codeValue(d) === e.code && d.range.start.line + 1 === e.line))
      .map((e) => `${e.file}:${e.line} ${e.code} (${e.code} reported at: ${describeDiags(result.get(e.file).diags.filter((d) => codeValue(d) === e.code))})`);
    assert.deepEqual(missing, [], `expected diagnostics not found at their lines:\n${missing.join('\n')}`);
  });

  it('diagnostic codes are NDISnnn and link to an existing docs/rules page', async () => {
    const diags = await allDiagnostics();
    assert.ok(diags.length > 0, 'no ndis diagnostics');
    for (const d of diags) {
      const value = codeValue(d);
      assert.match(String(value), /^NDIS\d{3}$/, `code of "${d.message}"`);
      const target = d.code && typeof d.code === 'object' ? d.code.target : undefined;
      if (!target) continue;
      if (target.scheme === 'file') {
        assert.ok(target.path.endsWith(`/docs/rules/${value}.md`), `${value} target ${target.toString()} is not docs/rules/${value}.md`);
        assert.ok(fs.existsSync(target.fsPath), `${value} target ${target.fsPath} does not exist`);
      } else {
        assert.ok(target.toString().includes(value), `${value} target ${target.toString()} does not name the rule`);
      }
    }
  });

  it('at least one diagnostic carries relatedInformation pointing at real files', async () => {
    const related = (await allDiagnostics()).flatMap((d) => d.relatedInformation || []);
    assert.ok(related.length > 0, 'no diagnostic has relatedInformation');
    for (const r of related) {
      assert.ok(r.message, 'related information has a message');
      if (r.location.uri.scheme === 'file') assert.ok(fs.existsSync(r.location.uri.fsPath), `${r.location.uri.fsPath} does not exist`);
    }
  });

  it('a registration-order finding carries its path as relatedInformation (NDIS205 in broken/error-path)', async function () {
    const file = 'broken/error-path/tunctl.c';
    assert.ok(files.has(file), `${file} is listed in expected.json`);
    const entry = (await analyseBroken()).get(file);
    const d = entry.diags.find((x) => codeValue(x) === 'NDIS205');
    assert.ok(d, `no NDIS205 in ${file}: ${describeDiags(entry.diags)}`);
    const steps = (d.relatedInformation || []).map((r) => r.message);
    assert.ok(steps.length >= 3, `NDIS205 explains its path in >= 3 steps, got: ${JSON.stringify(steps)}`);
    assert.ok(steps.some((m) => /succeeds here/.test(m)), `a step says where the registration succeeded: ${JSON.stringify(steps)}`);
    assert.ok(steps.some((m) => /without NdisDeregisterProtocolDriver/.test(m)), `the last step names the missing deregistration: ${JSON.stringify(steps)}`);
    for (const r of d.relatedInformation) assert.ok(fs.existsSync(r.location.uri.fsPath), `related location ${r.location.uri} exists`);
  });

  it(`the clean example ${CLEAN_EXAMPLE} has no NDIS errors`, async function () {
    const uri = vscode.Uri.joinPath(root, ...CLEAN_EXAMPLE.split('/'));
    if (!fs.existsSync(uri.fsPath) && expected.missing) this.skip(); // examples still being written
    assert.ok(fs.existsSync(uri.fsPath), `${CLEAN_EXAMPLE} missing from examples/`);
    // An empty result only means something once the server demonstrably analyses files.
    assert.ok((await allDiagnostics()).length > 0, 'the server reported nothing on the broken examples either');
    // The language client publishes the clean file's (empty) result as a diagnostics change event;
    // listen before opening so it cannot be missed.
    let sub; let timer;
    const published = new Promise((resolve) => {
      sub = vscode.languages.onDidChangeDiagnostics((e) => { if (e.uris.some((u) => u.toString() === uri.toString())) resolve(true); });
      timer = setTimeout(() => resolve(false), CLEAN_PUBLISH_TIMEOUT);
    });
    try {
      await open(root, CLEAN_EXAMPLE);
      if (!(await published)) console.log('      %s', `(no diagnostics event for ${CLEAN_EXAMPLE} within ${CLEAN_PUBLISH_TIMEOUT} ms; checking the current state)`);
    } finally {
      clearTimeout(timer);
      sub.dispose();
    }
    const diags = ndisDiagnostics(uri);
    const found = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error)
      .map((d) => `${codeValue(d)}@${d.range.start.line + 1}: ${d.message}`);
    assert.deepEqual(found, [], `NDIS errors on the clean example:\n${found.join('\n')}`);
    if (diags.length) console.log('      %s', `(${CLEAN_EXAMPLE} has ${diags.length} non-error ndis diagnostics: ${describeDiags(diags)})`);
  });
});
