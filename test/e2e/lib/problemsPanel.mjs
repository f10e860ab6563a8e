// Reads the Problems panel of VS Code 1.100 (code-server 4.100.3). The panel is a virtualised tree:
// only visible rows exist in the DOM, so the reader pages through it with the keyboard (Home, then
// PageDown: never skips a row, unlike wheel scrolling) and joins rows by their data-index.
// Row levels: 1 = file (its icon label's aria-label is the absolute path), 2 = problem
// (.marker-source, .marker-code, .marker-line), 3 = related information. Sticky-scroll copies of
// rows (.monaco-tree-sticky-container) repeat a data-index without aria-level and are ignored.

const ROWS = '.markers-panel .monaco-list-row';

/** Rows currently rendered, as plain data. */
function renderedRows(page) {
  return page.locator(ROWS).evaluateAll((els) => els.filter((e) => !e.closest('.monaco-tree-sticky-container')).map((e) => ({
    index: Number(e.getAttribute('data-index')),
    last: e.getAttribute('data-last-element') === 'true',
    level: Number(e.getAttribute('aria-level')),
    file: e.querySelector('.resource-label-container .monaco-icon-label')?.getAttribute('aria-label') ?? undefined,
    source: e.querySelector('.marker-source')?.textContent?.trim() ?? undefined,
    code: e.querySelector('.marker-code')?.textContent?.trim() ?? undefined,
    message: e.querySelector('.marker-message')?.textContent?.trim() ?? undefined,
    line: e.querySelector('.marker-line')?.textContent?.trim() ?? undefined,
    severity: e.querySelector('.marker-icon')?.className.replace('marker-icon', '').trim() || undefined,
  })));
}

/** Waits for two animation frames: the list renders rows on the frame after a scroll. */
const nextPaint = (page) => page.evaluate(() => new Promise((r) => { requestAnimationFrame(() => requestAnimationFrame(r)); }));

/**
 * Every problem in the Problems panel (which must be visible):
 * [{ file, source, code, message, line, severity }], `file` as an absolute path.
 * Moves the keyboard focus into the Problems tree.
 */
export async function readProblems(page) {
  const list = page.locator('.markers-panel .monaco-list').first();
  if (!(await list.isVisible())) return []; // "No problems have been detected in the workspace."
  await list.focus();
  await page.keyboard.press('Home');
  await nextPaint(page);
  const byIndex = new Map();
  // The first PageDown only moves the focus to the last visible row; later ones scroll a page.
  for (let i = 0, idle = 0; i < 1000 && idle < 3; i++) {
    const before = byIndex.size;
    const rows = await renderedRows(page);
    for (const r of rows) byIndex.set(r.index, r);
    if (rows.some((r) => r.last)) break; // the tree's last row is rendered
    idle = byIndex.size === before ? idle + 1 : 0;
    await page.keyboard.press('PageDown');
    await nextPaint(page);
  }
  const problems = [];
  let file;
  for (const r of [...byIndex.values()].sort((a, b) => a.index - b.index)) {
    if (r.level === 1) file = r.file;
    else if (r.level === 2) problems.push({ file, source: r.source, code: r.code, message: r.message, line: r.line, severity: r.severity });
  }
  return problems;
}
