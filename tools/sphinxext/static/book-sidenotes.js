/* Keep each annotation beside its passage (tools/sphinxext/page_assets.py).
 *
 * At desktop width the book theme floats every annotation into the right
 * margin, each below the one before.  Where long notes crowd together they
 * would drift far below the passages they explain, so a note that cannot
 * start within NEAR pixels of the line that cites it becomes a toggle in the
 * text instead: its number, marked "注", opens it under that line (the same
 * checkbox the theme uses at phone width).  Without this script every note
 * stays in the margin.  The page's data-book-sidenotes is "ready" once the
 * notes are laid out and "pending" while a new layout waits to run.
 */
(() => {
  "use strict";
  const NEAR = 96; // three lines of body text
  const wide = window.matchMedia("(min-width: 992px)");
  const notes = Array.from(document.querySelectorAll(".bd-article span.sidenote"));
  if (!notes.length) return;

  const parts = (note) => {
    const input = note.previousElementSibling;
    const label = input && input.previousElementSibling;
    return [label, input, note];
  };

  let timer = null;

  function layout() {
    clearTimeout(timer); // this layout is the one a pending call waited for
    for (const note of notes) parts(note).forEach((el) => el && el.classList.remove("book-note-inline"));
    if (wide.matches) {
      for (const note of notes) {
        const [label] = parts(note);
        if (!label) continue;
        const drift = note.getBoundingClientRect().top - label.getBoundingClientRect().top;
        if (drift > NEAR) parts(note).forEach((el) => el.classList.add("book-note-inline"));
      }
    }
    document.documentElement.dataset.bookSidenotes = "ready";
  }

  const later = () => {
    clearTimeout(timer);
    document.documentElement.dataset.bookSidenotes = "pending";
    timer = setTimeout(layout, 150);
  };
  layout();
  // The theme's deferred scripts run after this one, and fonts and images
  // arrive later still: each can move the lines the notes are measured
  // against, so the notes are laid out again once the page has loaded and
  // whenever the article's size changes after that.
  window.addEventListener("load", layout);
  wide.addEventListener("change", layout);
  window.addEventListener("resize", later);
  if (document.fonts) {
    document.fonts.ready.then(layout);
    // a font the page asks for only later (a face lower in the text)
    document.fonts.addEventListener("loadingdone", later);
  }
  if (window.ResizeObserver) {
    const article = document.querySelector(".bd-article");
    let size = "";
    new ResizeObserver(([entry]) => {
      const now = `${entry.contentRect.width}x${entry.contentRect.height}`;
      if (size && now !== size) later();
      size = now;
    }).observe(article);
  }
})();
