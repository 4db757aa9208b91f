// Builds the inspector into the Python package (src/kapex/ui/static), served at /ui.
// The output is committed so that `./scripts/serve` needs no Node; `npm run build` also
// stamps the sources' hash into build.json, which a test compares with the sources.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/ui/",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "../src/kapex/ui/static",
    emptyOutDir: true,
    target: "es2022",
    // No inline scripts: the page's Content-Security-Policy allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
