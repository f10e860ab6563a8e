// Debian chromium driven by playwright-core (no Playwright browser download), plus small polling
// helpers: tests wait on signals with a deadline, never on fixed sleeps.
import fs from 'node:fs';
import { chromium } from 'playwright-core';

/** Fresh persistent profile each time. Playwright refuses --user-data-dir in `args`, hence
 *  launchPersistentContext. --no-sandbox: CI runs as root, where chromium's sandbox cannot start. */
export async function launchBrowser(profileDir, executablePath) {
  fs.rmSync(profileDir, { recursive: true, force: true });
  const ctx = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  ctx.setDefaultTimeout(30_000);
  const page = ctx.pages()[0] ?? await ctx.newPage();
  return { ctx, page };
}

/**
 * Polls `fn` until it returns a truthy value; throws `describe()`'s text after `timeoutMs`.
 * The pause between polls is a poll interval, not a wait for an outcome. `abortIf()` returning a
 * string ends the wait at once with that reason.
 */
export async function pollUntil(fn, { timeoutMs = 30_000, intervalMs = 250, describe = () => 'condition', abortIf } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    const fatal = abortIf?.(); // e.g. the extension failed to activate: waiting longer cannot help
    if (fatal) throw new Error(`gave up waiting for ${await describe()}: ${fatal}`);
    try { last = await fn(); } catch (e) { last = undefined; if (Date.now() > end) throw e; }
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${await describe()}`);
    await new Promise((r) => { setTimeout(r, intervalMs); });
  }
}

/** Resolves with `promise`, or rejects after ms; always clears its timer (or node --test hangs). */
export async function withTimeout(promise, ms, what) {
  let timer;
  try {
    return await Promise.race([promise, new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
    })]);
  } finally {
    clearTimeout(timer);
  }
}
