// Cut the theme's stylesheets in a built edition to the rules it uses, with
// PurgeCSS and its own default extractor.  Usage: node tools/trim_css.mjs
// <edition folder>...  (nox -s html runs it on build/html and build/html/en,
// after Sphinx; the tests run it on the book they build, tools/lib/build.py).
//
// The content is every page of the edition (its .html files, not those of
// _static/ or of another edition in a folder below, which has its own
// .buildinfo) and the local scripts those pages load, which add classes as
// the reader clicks; Bootstrap's script names every component of Bootstrap,
// so it is not read, and the states it sets on the components the book uses
// are in SAFELIST.  pygments.css is read against the pages alone, with no
// safelist: the scripts' one-letter words would keep every rule.

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { PurgeCSS } from "purgecss";

const STYLESHEETS = [
  "_static/styles/pydata-sphinx-theme.css",
  "_static/styles/sphinx-book-theme.css",
  "_static/basic.css",
];
const PAGES_ONLY = ["_static/pygments.css"];
const LIBRARIES = new Set(["bootstrap.js"]);
const SAFELIST = {
  standard: [
    "show",
    "showing",
    "hiding",
    "fade",
    "collapse",
    "collapsing",
    "active",
    "disabled",
    "focus-visible",
  ],
  // the header's menus (downloads, repository) and the buttons' tooltips
  greedy: [/dropdown/, /tooltip/, /data-bs-popper/],
};
const SCRIPT_SRC = /<script\b[^>]*\bsrc="([^"]+)"/g;

function pages(folder, top = folder) {
  const found = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      const edition = existsSync(join(path, ".buildinfo"));
      if (!(folder === top && entry.name === "_static") && !edition)
        found.push(...pages(path, top));
    } else if (entry.name.endsWith(".html")) {
      found.push(path);
    }
  }
  return found.sort();
}

function loadedScripts(htmls) {
  const found = new Set();
  for (const [page, html] of htmls) {
    for (const [, src] of html.matchAll(SCRIPT_SRC)) {
      const file = resolve(dirname(page), src.split("?")[0]);
      if (
        !src.includes("://") &&
        !LIBRARIES.has(file.split("/").pop()) &&
        existsSync(file)
      )
        found.add(file);
    }
  }
  return [...found].sort();
}

async function trim(edition) {
  const htmls = pages(edition).map((page) => [
    page,
    readFileSync(page, "utf8"),
  ]);
  const raw = (files, extension) =>
    files.map(([, text]) => ({ raw: text, extension }));
  const scripts = loadedScripts(htmls).map((file) => [
    file,
    readFileSync(file, "utf8"),
  ]);
  const existing = (names) =>
    names.map((n) => join(edition, n)).filter((f) => existsSync(f));
  const common = {
    keyframes: false,
    fontFace: false,
    variables: true,
    // set on <html> by the theme's inline script: the colour scheme
    dynamicAttributes: ["data-theme", "data-mode"],
  };
  const results = await Promise.all([
    new PurgeCSS().purge({
      ...common,
      content: [...raw(htmls, "html"), ...raw(scripts, "js")],
      css: existing(STYLESHEETS),
      safelist: SAFELIST,
    }),
    new PurgeCSS().purge({
      ...common,
      content: raw(htmls, "html"),
      css: existing(PAGES_ONLY),
      safelist: { standard: [], greedy: [] },
    }),
  ]);
  const trimmed = results.flat();
  for (const { file, css } of trimmed) writeFileSync(file, css);
  // Each link's ?v= (Sphinx's) or ?digest= (the PyData theme's) was made
  // from the whole stylesheet; a page that starts using a class changes the
  // trimmed file, so the checksum is made from what is served, or a
  // returning reader's cache keeps the old cut.
  for (const [page, html] of htmls) {
    let text = html;
    for (const { file, css } of trimmed) {
      const name = relative(edition, file).split("\\").join("/");
      const link = new RegExp(
        `(href="[^"]*${name.replace(/[.]/g, "\\.")}\\?(?:v|digest)=)[0-9a-f]+"`,
        "g",
      );
      const version = createHash("sha256")
        .update(css)
        .digest("hex")
        .slice(0, 8);
      text = text.replace(link, `$1${version}"`);
    }
    if (text !== html) writeFileSync(page, text);
  }
  console.log(
    `trim_css: ${edition}: ${results.flat().length} stylesheets, ${htmls.length} pages, ${scripts.length} scripts`,
  );
}

if (process.argv.length < 3) {
  console.error("usage: node tools/trim_css.mjs <edition folder>...");
  process.exit(2);
}
for (const edition of process.argv.slice(2)) await trim(resolve(edition));
