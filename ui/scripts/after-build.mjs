// After `vite build`: stamp the hash of the inspector's sources into build.json (a test
// compares it with the sources, so a change without a rebuild fails the suite) and copy the
// pinned axe-core into the end-to-end tests, which run it offline.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ui = join(dirname(fileURLToPath(import.meta.url)), "..");
const repo = join(ui, "..");
// Keep in step with SOURCES in tests/ui/test_assets.py.
const SOURCES = ["index.html", "package.json", "package-lock.json", "tsconfig.json", "vite.config.ts", "public", "scripts", "src"];

function files(path) {
  return statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => files(join(path, name))) : [path];
}

const listed = SOURCES.flatMap((name) => files(join(ui, name)))
  .map((path) => relative(ui, path).split(sep).join("/"))
  .sort();
const digest = createHash("sha256");
for (const path of listed) {
  const content = createHash("sha256").update(readFileSync(join(ui, path))).digest("hex");
  digest.update(`${path}\0${content}\n`);
}
const lock = JSON.parse(readFileSync(join(ui, "package-lock.json"), "utf8"));
const version = (name) => lock.packages[`node_modules/${name}`].version;
const out = join(repo, "src", "kapex", "ui", "static");
writeFileSync(
  join(out, "build.json"),
  JSON.stringify(
    {
      sources_sha256: digest.digest("hex"),
      files: listed.length,
      built_with: { vite: version("vite"), preact: version("preact"), "d3-force": version("d3-force") },
    },
    null,
    2,
  ) + "\n",
);

const vendor = join(repo, "tests", "ui", "vendor");
mkdirSync(vendor, { recursive: true });
copyFileSync(join(ui, "node_modules", "axe-core", "axe.min.js"), join(vendor, "axe.min.js"));
copyFileSync(join(ui, "node_modules", "axe-core", "LICENSE"), join(vendor, "axe-core.LICENSE"));
console.log(`build.json: ${listed.length} source files hashed; axe-core ${version("axe-core")} copied to tests/ui/vendor`);
