// Reads the Problems panel of VS Code 1.100 (code-server 4.100.3). The panel is a virtualised tree:
// only visible rows exist in the DOM, so the reader scrolls through it with the mouse wheel and
// joins rows by their data-index. (Not the keyboard: moving the focus in the Problems tree selects
// the problem and moves the editor to it.)
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

/** Scrolls the (visible) Problems tree to its first row with the mouse wheel; leaves the mouse over it. */
export async function scrollProblemsToTop(page) {
  const box = await page.locator('.markers-panel .monaco-list').first().boundingBox();
  if (!box) return;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 200; i++) { // a huge single delta is not honoured, so repeat moderate ones
    if ((await renderedRows(page)).some((r) => r.index === 0)) return;
    await page.mouse.wheel(0, -4000);
    await nextPaint(page);
  }
  throw new Error('could not scroll the Problems panel to its top');
}

/**
 * Every problem in the Problems panel (which must be visible):
 * [{ file, source, code, message, line, severity }], `file` as an absolute path.
 * Leaves the mouse over the panel.
 */
export async function readProblems(page) {
  const list = page.locator('.markers-panel .monaco-list').first();
  if (!(await list.isVisible())) return []; // "No problems have been detected in the workspace."
  const box = await list.boundingBox();
  if (!box) return [];
  await scrollProblemsToTop(page);
  const byIndex = new Map();
  let step = 400; // wheel delta; about 4 rows in VS Code 1.100, well below a page
  for (let i = 0, idle = 0; i < 2000 && idle < 3; i++) {
    const rows = await renderedRows(page);
    const maxSeen = byIndex.size ? Math.max(...byIndex.keys()) : -1;
    if (byIndex.size && rows.length && Math.min(...rows.map((r) => r.index)) > maxSeen + 1) {
      // scrolled past unseen rows: go back and take smaller steps
      await page.mouse.wheel(0, -step);
      await nextPaint(page);
      step = Math.max(Math.floor(step / 2), 50);
      continue;
    }
    const before = byIndex.size;
    for (const r of rows) byIndex.set(r.index, r);
    if (rows.some((r) => r.last)) break; // the tree's last row is rendered
    idle = byIndex.size === before ? idle + 1 : 0;
    await page.mouse.wheel(0, step);
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
