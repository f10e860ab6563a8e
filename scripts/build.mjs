// Build the bundles with esbuild: one context per runtime target (extension client, language
// server, CLI), each CommonJS for Node 20, plus the tree-sitter wasm files the server loads.
// Type checking is a separate step (`npm run typecheck`, tsc -b): esbuild does not type-check.
// Usage: node scripts/build.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify') || process.env.NDIS_MINIFY === '1';
const dist = path.join(root, 'dist');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  minify,
  keepNames: true, // class names survive minification (vscode-clangd d151dc1)
  logLevel: 'warning',
  absWorkingDir: root,
  // web-tree-sitter ships ESM (reads import.meta.url) and CJS builds; the bundles are CJS.
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
};

const targets = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  // The simulator in a worker thread, for callers that must not block (the extension host).
  { entryPoints: ['simulator/src/worker/worker.ts'], outfile: 'dist/simWorker.js' },
  // The trace viewer (a webview, and the page of an HTML report): browser script + stylesheet.
  { entryPoints: ['webview/src/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'chrome114' },
  { entryPoints: ['webview/src/style.css'], outfile: 'dist/webview.css', platform: 'browser' },
];

fs.mkdirSync(path.join(dist, 'wasm'), { recursive: true });
for (const [pkg, file] of [
  ['web-tree-sitter', 'web-tree-sitter.wasm'],
  ['tree-sitter-c', 'tree-sitter-c.wasm'],
  ['tree-sitter-cpp', 'tree-sitter-cpp.wasm'],
]) {
  fs.copyFileSync(path.join(root, 'node_modules', pkg, file), path.join(dist, 'wasm', file));
}

// The scenario schema, for `jsonValidation` of *.scenario.json (the YAML checks bundle their own copy).
fs.copyFileSync(path.join(root, 'simulator', 'schema', 'scenario.schema.json'), path.join(dist, 'scenario.schema.json'));

const contexts = await Promise.all(targets.map((t) => esbuild.context({ ...common, ...t })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
