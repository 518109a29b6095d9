/* The search page's results, from the Pagefind bundle the build writes
 * (tools/sphinxext/pagefind_search.py).
 *
 * Each result is a passage: an interview paragraph (linked to its #pN), an
 * annotation, a glossary entry or a section of another page.  Pagefind loads
 * only the index fragments the query's words need.  The passages that hold
 * the query's words in a row (a phrase, or a compound such as 结合自由能)
 * come first, then those that hold them all, apart; each in Pagefind's order,
 * except that a glossary entry whose headword holds the query leads.
 * Excerpts are built as text nodes and <mark>s, so no markup from the index
 * reaches the page.  The interface words are Sphinx's own
 * translations (translations.js).
 */
const CANDIDATES = 30; // results whose text is fetched, to be ordered
const SHOWN = 20;

const root = new URL(document.documentElement.dataset.content_root || "./", location.href);
// doctools.js declares Documentation with const: a global, not on window.
const sphinx = typeof Documentation === "undefined" ? null : Documentation;
const gettext = (text) => (sphinx ? sphinx.gettext(text) : text);
const ngettext = (one, many, n) =>
  sphinx ? sphinx.ngettext(one, many, n) : n === 1 ? one : many;

const HAN = /([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/g;
/* As the index was written (pagefind_search.spaced): a space around every
 * Chinese character. */
const spaced = (text) => text.replace(HAN, " $1 ").split(/\s+/).filter(Boolean).join(" ");
const squash = (text) => text.toLowerCase().replace(/\s+/g, "");
const WINDOW = 60; // characters of context on either side of the first hit

/* The passage's own text around the query, the query marked; or, for a
 * page without stored text, Pagefind's excerpt with the spaces the index
 * put between Chinese characters taken out.  Text nodes and <mark> only. */
function excerptNodes(result, query) {
  const out = document.createDocumentFragment();
  const text = result.meta.text;
  if (text === undefined) {
    const parsed = new DOMParser().parseFromString(`<p>${result.excerpt}</p>`, "text/html");
    const joined = (s) => s.replace(/(?<=[\u3400-\u9fff\uf900-\ufaff]) +| +(?=[\u3400-\u9fff\uf900-\ufaff])/g, "");
    for (const node of parsed.body.firstChild.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = joined(node.textContent);
        out.append(mark);
      } else out.append(joined(node.textContent));
    }
    return out;
  }
  const lower = text.toLowerCase();
  const needle = query.toLowerCase().trim();
  let at = needle ? lower.indexOf(needle) : -1;
  const start = Math.max(0, (at < 0 ? 0 : at) - WINDOW);
  const end = Math.min(text.length, (at < 0 ? 0 : at + needle.length) + WINDOW * 2);
  const shown = text.slice(start, end);
  let from = 0;
  if (start > 0) out.append("…");
  const shownLower = shown.toLowerCase();
  while (needle && (at = shownLower.indexOf(needle, from)) >= 0) {
    out.append(shown.slice(from, at));
    const mark = document.createElement("mark");
    mark.textContent = shown.slice(at, at + needle.length);
    out.append(mark);
    from = at + needle.length;
  }
  out.append(shown.slice(from));
  if (end < text.length) out.append("…");
  return out;
}

function render(container, query, results) {
  container.replaceChildren();
  const heading = document.createElement("h2");
  heading.textContent = gettext("Search Results");
  const list = document.createElement("ul");
  list.className = "search";
  for (const result of results) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = new URL(result.meta.url, root).href;
    const place = result.meta.place ? ` · ${result.meta.place}` : "";
    link.textContent = `${result.meta.title}${place}`;
    const context = document.createElement("p");
    context.className = "context";
    context.append(excerptNodes(result, query));
    item.append(link, context);
    list.append(item);
  }
  const summary = document.createElement("p");
  summary.className = "search-summary";
  summary.textContent = results.length
    ? ngettext(
        "Search finished, found one page matching the search query.",
        "Search finished, found ${resultCount} pages matching the search query.",
        results.length,
      ).replace("${resultCount}", results.length)
    : gettext(
        "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.",
      );
  container.append(heading, summary, list);
}

async function run() {
  const container = document.getElementById("search-results");
  const query = (new URLSearchParams(location.search).get("q") || "").trim();
  if (!container || !query) return;
  for (const input of document.querySelectorAll("form.bd-search input[name=q]")) {
    input.value = query;
  }
  container.textContent = gettext("Searching");
  const pagefind = await import(new URL("pagefind/pagefind.js", root).href);
  await pagefind.init();
  // The query's words in a row first (Pagefind's exact search), then the
  // passages that hold them all, apart.
  const terms = spaced(query);
  const phrase = await pagefind.search(`"${terms}"`);
  const loose = await pagefind.search(terms);
  const seen = new Set(phrase.results.map((r) => r.id));
  const ranked = [...phrase.results, ...loose.results.filter((r) => !seen.has(r.id))];
  const loaded = await Promise.all(ranked.slice(0, CANDIDATES).map((r) => r.data()));
  // A glossary entry whose headword holds the query is what it names: first.
  const wanted = squash(query);
  const names = (r) => r.meta.kind === "term" && squash(r.meta.place).includes(wanted);
  const results = [...loaded.filter(names), ...loaded.filter((r) => !names(r))];
  render(container, query, results.slice(0, SHOWN));
}

run();
