/* The reader keeps their place: the language switch carries the fragment
 * (or the paragraph in view) and the search query; a link into a hidden
 * note opens it.  See tools/sphinxext/reader/translations.py. */
(() => {
  const HELD =
    "article p[id], article dt[id], article li[id], article section[id]";

  /* The sticky headers' bottom: what lies above it is out of view. */
  function top() {
    let bottom = 0;
    for (const header of document.querySelectorAll(
      ".bd-header, .bd-header-article",
    )) {
      const box = header.getBoundingClientRect();
      if (getComputedStyle(header).position === "sticky" || box.top <= 0) {
        bottom = Math.max(bottom, box.bottom);
      }
    }
    return bottom;
  }

  /* The id of the paragraph (else the heading's section) at the top of the
   * window; none at the top of the page. */
  function inView() {
    if (window.scrollY < 1) return "";
    const line = top() + 4;
    let section = "";
    for (const element of document.querySelectorAll(HELD)) {
      const box = element.getBoundingClientRect();
      if (box.bottom <= line || box.height === 0) continue;
      if (element.localName !== "section") return element.id;
      section ||= element.id;
    }
    return section;
  }

  function placed(link) {
    const url = new URL(link.getAttribute("href"), location.href);
    const query = new URLSearchParams(location.search).get("q");
    if (query) url.search = new URLSearchParams({ q: query }).toString();
    const here = location.hash.slice(1) || inView();
    url.hash = here ? `#${here}` : "";
    link.href = url.href;
  }

  for (const link of document.querySelectorAll(".edition-switch-link")) {
    for (const event of [
      "pointerdown",
      "focus",
      "mouseenter",
      "contextmenu",
      "click",
    ]) {
      link.addEventListener(event, () => placed(link));
    }
  }

  function shown(element) {
    return (
      element.getClientRects().length > 0 &&
      getComputedStyle(element).visibility !== "hidden"
    );
  }

  /* Open the note the fragment points into, and bring it into view. */
  function openNote() {
    let id = "";
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch {
      return;
    }
    const target = id && document.getElementById(id);
    const note = target && target.closest(".sidenote, .marginnote");
    if (!note) return;
    const details = note.closest("details");
    if (details && !details.open) details.open = true;
    if (!shown(note)) {
      const toggle = note.previousElementSibling;
      if (toggle && toggle.matches("input.margin-toggle") && !toggle.checked) {
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    // once the opened note is laid out (the stylesheet's, a frame later)
    requestAnimationFrame(() =>
      requestAnimationFrame(() => note.scrollIntoView({ block: "center" })),
    );
  }

  window.addEventListener("hashchange", openNote);
  if (document.readyState === "complete") openNote();
  else window.addEventListener("load", openNote);
})();
