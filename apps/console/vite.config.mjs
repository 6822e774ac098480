/* global console */
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import { consoleAssets } from './build/assets.ts';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/*
 * The console is built into dist/console, which the API serves at `/` (docs/adr/0008-console.md).
 * The console shares two pure modules of the engine, aliased as in tsconfig: the domain (types,
 * the fold for time travel) and the canonical JSON of the hash chain.
 */
/**
 * Puts the page-start entry (the API client and the board's reads, no React) first in the page,
 * with its imports preloaded, so the board's reads leave while React and the pages download;
 * main.tsx imports the same module, which runs once.
 */
function pageStartFirst() {
  return {
    name: 'console-page-start-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'page-start');
        if (!chunk) throw new Error('the page-start entry is missing from the console build');
        return [
          { tag: 'script', attrs: { type: 'module', async: true, crossorigin: true, src: `/${chunk.fileName}` }, injectTo: 'head-prepend' },
          ...chunk.imports.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head-prepend' })),
        ];
      },
    },
  };
}

export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  resolve: {
    alias: [
      { find: /^@app\/domain$/, replacement: here('../../libs/domain/src/index.ts') },
      { find: /^@app\/event-store\/canonical-json$/, replacement: here('../../libs/event-store/src/canonical-json.ts') },
    ],
  },
  oxc: { jsx: { runtime: 'automatic' } },
  // The build prints the sizes at any log level: they are its answer to the budget.
  plugins: [consoleAssets({ log: (line) => console.log(line) }), pageStartFirst()],
  build: {
    outDir: here('../../dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      // Brotli at its best quality takes a few seconds; that is the plugin's job, not a warning.
      checks: { pluginTimings: false },
      // The page's first script (src/page-start.ts) is an entry of its own, without React: see pageStartFirst.
      input: { index: here('index.html'), 'page-start': here('src/page-start.ts') },
      // The engine's domain is pure (no module does anything when imported), so what the console does not use is left out.
      treeshake: { moduleSideEffects: (id) => !/[\\/]libs[\\/]domain[\\/]/.test(id) },
      output: {
        // React changes less often than the console: its own file stays in browsers' caches across releases.
        codeSplitting: { groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }] },
      },
    },
  },
  // `npm run dev:console` with the engine on :3000: the page reloads as you edit, the API is proxied.
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000' } },
});
