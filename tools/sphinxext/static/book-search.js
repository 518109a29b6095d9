/* The search page's results, from the Pagefind bundle the build writes
 * (tools/sphinxext/search/pagefind_search.py).
 *
 * Each result is a passage: an interview paragraph (linked to its #pN), an
 * annotation, a glossary entry or a section of another page.  They are
 * shown in groups, the interview's own text first, then the notes, the
 * glossary and the other pages (the records' "kind"; each group's heading
 * is the records' "group", in the edition's language), so that the place
 * where the speaker talks about a thing is not pushed down by the apparatus
 * around it.  Within a group: the passages that hold the query's words in
 * a row (a phrase, or a compound such as 结合自由能) first, then those that
 * hold them all, apart; each in Pagefind's order, except that a glossary
 * entry named by the query, then one whose name holds it, leads.  Pagefind
 * loads only the index fragments the query's words need.  Excerpts are
 * built as text nodes and <mark>s, so no markup from the index reaches the
 * page; they start and end at a word.  The interface words are Sphinx's own
 * translations (translations.js).
 */
const KINDS = ["interview", "note", "term", "page"];
const CANDIDATES = 40; // results whose text is fetched, to be grouped
const SHOWN = 8; // results shown of a group

const root = new URL(
  document.documentElement.dataset.content_root || "./",
  location.href,
);
// doctools.js declares Documentation with const: a global, not on window.
const sphinx = typeof Documentation === "undefined" ? null : Documentation;
const gettext = (text) => (sphinx ? sphinx.gettext(text) : text);
const ngettext = (one, many, n) =>
  sphinx ? sphinx.ngettext(one, many, n) : n === 1 ? one : many;

const HAN = /([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/g;
/* As the index was written (pagefind_search.spaced): a space around every
 * Chinese character. */
const spaced = (text) =>
  text.replace(HAN, " $1 ").split(/\s+/).filter(Boolean).join(" ");
const squash = (text) => text.toLowerCase().replace(/\s+/g, "");
const WINDOW = 60; // characters of context on either side of the first hit

/* The passage's own text around the query, the query marked; or, for a
 * page without stored text, Pagefind's excerpt with the spaces the index
 * put between Chinese characters taken out.  Text nodes and <mark> only. */
function excerptNodes(result, query) {
  const out = document.createDocumentFragment();
  const text = result.meta.text;
  if (text === undefined) {
    const parsed = new DOMParser().parseFromString(
      `<p>${result.excerpt}</p>`,
      "text/html",
    );
    const joined = (s) =>
      s.replace(
        /(?<=[\u3400-\u9fff\uf900-\ufaff]) +| +(?=[\u3400-\u9fff\uf900-\ufaff])/g,
        "",
      );
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
  // where the snippet centres: the first hit, or the start without one
  const hit = Math.max(at, 0);
  const [start, end] = atWords(
    text,
    Math.max(0, hit - WINDOW),
    Math.min(text.length, (at < 0 ? 0 : at + needle.length) + WINDOW * 2),
    hit,
  );
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

const LATIN = /[\p{L}\p{N}'’-]/u; // a word's letters, "three-dimensional", "company's"
const HAN_CHAR = /[\u3400-\u9fff\uf900-\ufaff]/;
const LEADING = /^[\s,.;:!?，。；：！？、）)\]」』》”’]+/u;

/* The excerpt's bounds moved to the words around them: never inside a
 * Latin word, never opening on a comma or a closing mark.  The query's
 * first hit (``hit``) stays inside. */
function atWords(text, start, end, hit) {
  const inWord = (i) =>
    i > 0 &&
    i < text.length &&
    LATIN.test(text[i - 1]) &&
    LATIN.test(text[i]) &&
    !HAN_CHAR.test(text[i - 1]) &&
    !HAN_CHAR.test(text[i]);
  if (start > 0) {
    let next = start;
    while (next < hit && inWord(next)) next += 1;
    if (next < hit) start = next;
    const lead = text.slice(start, hit).match(LEADING);
    if (lead) start += lead[0].length;
  }
  if (end < text.length) {
    let back = end;
    while (back > hit && inWord(back)) back -= 1;
    if (back > hit) end = back;
  }
  return [start, end];
}

function item(result, query) {
  const entry = document.createElement("li");
  const link = document.createElement("a");
  link.href = new URL(result.meta.url, root).href;
  const place = result.meta.place ? ` · ${result.meta.place}` : "";
  link.textContent = `${result.meta.title}${place}`;
  const context = document.createElement("p");
  context.className = "context";
  context.append(excerptNodes(result, query));
  entry.append(link, context);
  return entry;
}

function render(container, query, groups) {
  container.replaceChildren();
  const heading = document.createElement("h2");
  heading.textContent = gettext("Search Results");
  const lists = [];
  for (const results of groups) {
    if (!results.length) continue;
    const group = document.createElement("h3");
    group.className = "search-group";
    group.textContent = results[0].meta.group || "";
    const list = document.createElement("ul");
    list.className = "search";
    list.append(...results.map((result) => item(result, query)));
    lists.push(group, list);
  }
  const results = groups.flat();
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
  container.append(heading, summary, ...lists);
}

/* One group's results, in order; a glossary entry named by the query
 * first, then one whose name holds it. */
function ordered(results, query) {
  const wanted = squash(query);
  const rank = (r) => {
    if (r.meta.kind !== "term") return 2;
    const names = r.meta.place.split(" · ").map(squash);
    return names.includes(wanted)
      ? 0
      : names.some((n) => n.includes(wanted))
        ? 1
        : 2;
  };
  return results
    .map((result, index) => [rank(result), index, result])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, , result]) => result)
    .slice(0, SHOWN);
}

async function run() {
  const container = document.getElementById("search-results");
  const query = (new URLSearchParams(location.search).get("q") || "").trim();
  if (!container || !query) return;
  for (const input of document.querySelectorAll(
    "form.bd-search input[name=q]",
  )) {
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
  const ranked = [
    ...phrase.results,
    ...loose.results.filter((r) => !seen.has(r.id)),
  ];
  const loaded = await Promise.all(
    ranked.slice(0, CANDIDATES).map((r) => r.data()),
  );
  const kind = (r) => (KINDS.includes(r.meta.kind) ? r.meta.kind : "page");
  const groups = KINDS.map((k) =>
    ordered(
      loaded.filter((r) => kind(r) === k),
      query,
    ),
  );
  render(container, query, groups);
}

run();
