/* The edition's scholarly tools, in the reader's browser.
 *
 * 1. Previews: a glossary term, a citation or a ¶N reference shows a card
 *    beside it on hover, on keyboard focus, and on a first tap on a phone (a
 *    second tap follows the link); Escape, moving away or a tap elsewhere
 *    closes it.  The card follows the link in the document, so Tab moves
 *    from the link to the card's own links.  At desktop width, pointing at
 *    a note's marker whose note crowding pushed out of view shows the note
 *    in the card too.  The data comes from the page itself (a paragraph on this
 *    page) or from _static/book-previews.js (the glossary, the bibliography,
 *    other pages' paragraphs), loaded, with Floating UI that places the
 *    card, on the first preview (tools/sphinxext/apparatus/previews.py).
 * 2. Paragraph actions: on an interview page, a paragraph's ¶ number opens a
 *    menu when it is clicked, tapped or activated with Enter (not on focus:
 *    Tab stops once on each number) — copy a citation in Chinese or
 *    English, suggest an annotation, edit the source — from the JSON the
 *    build puts in the page (tools/sphinxext/reader/paragraph_actions.py).  The
 *    menu follows the number in the document, so Tab moves from the number
 *    into it; Enter puts focus on its first item, Escape gives it back.
 */
(() => {
  "use strict";
  const root = new URL(
    document.documentElement.dataset.content_root || "./",
    location.href,
  );
  const scripts = {};
  const load = (name) =>
    (scripts[name] ||= new Promise((resolve, reject) => {
      const tag = document.createElement("script"); // classic: works from file:// too
      tag.src = new URL(`_static/${name}`, root).href;
      tag.onload = resolve;
      tag.onerror = () => reject(new Error(`cannot load ${name}`));
      document.head.append(tag);
    }));
  const floatingUI = () =>
    load("vendor/floating-ui/floating-ui.core.umd.min.js")
      .then(() => load("vendor/floating-ui/floating-ui.dom.umd.min.js"))
      .then(() => window.FloatingUIDOM);
  const previewData = () =>
    load("book-previews.js").then(() => window.bookPreviewData);
  // The card's one word, from the menu's data where the page has it.
  const wordsTag = document.getElementById("book-paragraph-actions");
  const goText = wordsTag ? JSON.parse(wordsTag.textContent).texts.go : "→";
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };

  // Keep a floating element beside its anchor while it is open, and show
  // it (the caller hides it) once it is there; resolves true when it is,
  // false if it was closed or placed again first.  Each floating element
  // (the card, the menu) has its own placement: one being placed does not
  // keep the other unseen.  Without Floating UI (it failed to load), the
  // element shows where it stands in the text rather than never.
  const placements = new WeakMap(); // floating element → { stop }
  async function place(floating, anchor) {
    unplace(floating);
    const mine = { stop: null };
    placements.set(floating, mine);
    let ui;
    try {
      ui = await floatingUI();
    } catch {
      ui = null;
    }
    if (placements.get(floating) !== mine) return false;
    if (!ui) {
      Object.assign(floating.style, {
        position: "absolute",
        left: "auto",
        top: "auto",
        visibility: "",
      });
      return true;
    }
    const { computePosition, autoUpdate, offset, flip, shift } = ui;
    return new Promise((resolve) => {
      mine.stop = autoUpdate(anchor, floating, () =>
        computePosition(anchor, floating, {
          strategy: "fixed",
          placement: "bottom-start",
          middleware: [offset(6), flip(), shift({ padding: 8 })],
        }).then(({ x, y }) => {
          if (placements.get(floating) !== mine) return resolve(false);
          Object.assign(floating.style, {
            position: "",
            left: `${x}px`,
            top: `${y}px`,
            visibility: "",
          });
          resolve(true);
        }),
      );
    });
  }
  function unplace(floating) {
    placements.get(floating)?.stop?.();
    placements.delete(floating);
  }

  // ---- 1. previews ----------------------------------------------------------

  const article = document.querySelector(".bd-article") || document.body;
  const keyOf = (link) =>
    link.href.startsWith(root.href)
      ? link.href.slice(root.href.length)
      : link.href;
  const isParagraphRef = (link) =>
    /^¶\d+$/.test(link.textContent.trim()) && !link.closest(".paranum");
  function kindOf(link) {
    if (link.matches("label.margin-toggle")) return "note";
    if (
      link.closest(".bibtex-citation") ||
      /(^|\/)bibliography\.html#/.test(link.getAttribute("href"))
    )
      return "cite";
    if (/(^|\/)glossary\.html#term-/.test(link.getAttribute("href")))
      return "term";
    if (isParagraphRef(link)) return "para";
    return null;
  }
  const links = [...article.querySelectorAll("a[href]")].filter(kindOf);
  // Not a tooltip: the card may hold links.  It is put right after the link
  // it previews, so that Tab goes from the link into the card's links.
  const card = el("div", {
    id: "book-preview",
    className: "book-preview",
    hidden: true,
  });
  document.body.append(card);

  function builtHTML(html) {
    // the book's own built pages, not reader input
    const body = el("div");
    body.innerHTML = html;
    body.querySelectorAll("a[href]").forEach((a) => {
      a.href = new URL(a.getAttribute("href"), root).href;
    });
    return body;
  }
  function paragraphText(paragraph) {
    const copy = paragraph.cloneNode(true);
    copy
      .querySelectorAll(
        ".paranum, label.margin-toggle, input, span.sidenote, span.marginnote, .book-para-menu, .book-preview",
      )
      .forEach((n) => n.remove());
    return copy.textContent.trim();
  }
  const noteOf = (label) => label.nextElementSibling.nextElementSibling;
  async function content(link, kind) {
    if (kind === "note") {
      // the note itself, its ids left behind
      const copy = noteOf(link).cloneNode(true);
      copy.querySelectorAll("[id]").forEach((n) => n.removeAttribute("id"));
      return [
        el("div", { className: "book-preview-note" }, ...copy.childNodes),
      ];
    }
    const key = keyOf(link);
    if (kind === "cite") {
      const entry = (await previewData()).citations[key];
      return entry ? [builtHTML(entry)] : null;
    }
    if (kind === "para") {
      const url = new URL(link.href);
      const here =
        url.pathname === location.pathname &&
        document.getElementById(url.hash.slice(1));
      const text = here
        ? paragraphText(here)
        : (await previewData()).paragraphs[key];
      return text
        ? [
            el("p", {
              className: "book-preview-title",
              textContent: link.textContent.trim(),
            }),
            el("p", { textContent: text }),
          ]
        : null;
    }
    const term = (await previewData()).terms[key];
    if (!term) return null;
    return [
      el("p", { className: "book-preview-title", textContent: term.term }),
      builtHTML(term.html),
    ];
  }

  let current = null; // the link whose card is open
  let quiet = false; // while Escape gives focus back to a link: no card
  let hideTimer = 0;
  async function showPreview(link) {
    clearTimeout(hideTimer);
    if (current === link) return;
    const kind = kindOf(link);
    const parts = await content(link, kind).catch(() => null);
    if (!parts) return;
    current = link;
    // "Go there" leads where the focused link does: for a pointer only.
    const go = el("a", {
      className: "book-preview-go",
      href: link.href,
      tabIndex: -1,
      textContent: goText,
    });
    card.replaceChildren(...parts, ...(kind === "note" ? [] : [go]));
    card.dataset.kind = kind;
    (kind === "note" ? noteOf(link) : link).after(card); // never between a marker and its note
    // unseen until placed (place() shows it): it would flash where it was last,
    // or at the window's corner while Floating UI loads
    card.style.visibility = "hidden";
    card.hidden = false;
    link.setAttribute("aria-describedby", card.id);
    await place(card, link);
  }
  function hidePreview() {
    clearTimeout(hideTimer);
    if (!current) return;
    current.removeAttribute("aria-describedby");
    current = null;
    card.hidden = true;
    unplace(card);
  }
  const hideSoon = () => {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hidePreview, 250);
  };

  for (const link of links) {
    link.addEventListener("pointerenter", (e) => {
      if (e.pointerType === "mouse") showPreview(link);
    });
    link.addEventListener("pointerleave", (e) => {
      if (e.pointerType === "mouse") hideSoon();
    });
    link.addEventListener("focus", () => {
      if (!quiet) showPreview(link);
    });
    link.addEventListener("blur", hideSoon);
    // A first tap previews; a second tap on the same link, its card open, follows it.
    let openAtTap = false;
    link.addEventListener("pointerdown", (e) => {
      if (e.pointerType === "touch") openAtTap = current === link;
    });
    link.addEventListener("click", (e) => {
      if (e.pointerType === "touch" && !openAtTap) {
        e.preventDefault();
        showPreview(link);
      }
      openAtTap = false;
    });
  }
  // A margin note that crowding pushed out of view: pointing at its marker
  // shows it beside the marker too (one in view lights up, book.css).
  const wide = window.matchMedia("(min-width: 992.02px)"); // as book.css
  for (const label of article.querySelectorAll("label.margin-toggle")) {
    label.addEventListener("pointerenter", (e) => {
      if (e.pointerType !== "mouse" || !wide.matches) return;
      const top = noteOf(label).getBoundingClientRect().top; // its start out of view
      if (top < 0 || top > window.innerHeight - 48) showPreview(label);
    });
    label.addEventListener("pointerleave", (e) => {
      if (e.pointerType === "mouse") hideSoon();
    });
  }
  card.addEventListener("pointerenter", () => clearTimeout(hideTimer));
  card.addEventListener("pointerleave", (e) => {
    if (e.pointerType === "mouse") hideSoon();
  });
  card.addEventListener("focusin", () => clearTimeout(hideTimer));
  card.addEventListener("focusout", (e) => {
    if (!card.contains(e.relatedTarget) && e.relatedTarget !== current)
      hideSoon();
  });

  // ---- 2. paragraph actions --------------------------------------------------

  const dataTag = document.getElementById("book-paragraph-actions");
  const data = dataTag ? JSON.parse(dataTag.textContent) : null;
  const menu = el("div", {
    className: "book-para-menu",
    id: "book-para-menu",
    role: "group",
  });
  let menuLink = null;

  const today = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
  function values(n) {
    return {
      n,
      accessed: `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`,
      accessed_en: today.toLocaleDateString("en-GB", {
        day: "numeric",
        month: "long",
        year: "numeric",
      }),
    };
  }
  function editLink(n) {
    // [template, label, line]: the translation's message, or the source
    const p = `p${n}`;
    if (data.lines[p]) return [data.edit, data.texts.edit, data.lines[p]];
    if (data.source_lines && data.source_lines[p])
      return [data.edit_source, data.texts.edit_source, data.source_lines[p]];
    return [null, null, null];
  }
  async function copy(text, status) {
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = data.texts.copied;
    } catch {
      const area = el("textarea", { readOnly: true, value: text, rows: 4 });
      area.setAttribute("aria-label", data.texts.failed);
      status.replaceChildren(data.texts.failed, area);
      area.select();
    }
  }
  function buildMenu(n) {
    const v = values(n);
    const status = el("p", { className: "book-para-status" });
    status.setAttribute("aria-live", "polite");
    const button = (text, citation) => {
      const b = el("button", { type: "button", textContent: text });
      b.dataset.copy = fill(citation, v);
      b.addEventListener("click", () => copy(b.dataset.copy, status));
      return b;
    };
    const items = [
      button(data.texts.cite_zh, data.citation.zh),
      button(data.texts.cite_en, data.citation.en),
    ];
    if (data.suggest) {
      items.push(
        el("a", {
          href: fill(data.suggest, v),
          textContent: data.texts.suggest,
          target: "_blank",
          rel: "noopener",
          className: "book-para-suggest",
        }),
      );
    }
    const [edit, label, line] = editLink(n);
    if (edit) {
      items.push(
        el("a", {
          href: fill(edit, { line }),
          textContent: fill(label, { line }),
          target: "_blank",
          rel: "noopener",
          className: "book-para-edit",
        }),
      );
    }
    const revised = data.revised && data.revised[`p${n}`]; // a release's build (edition_info.py)
    if (revised) {
      items.push(
        el("a", {
          href: revised.href,
          textContent: fill(data.revised_text, revised),
          className: "book-para-revised",
        }),
      );
    }
    menu.setAttribute("aria-label", fill(data.texts.menu, v));
    menu.replaceChildren(...items, status);
  }
  function openMenu(link, focusFirst) {
    if (menuLink === link) return;
    closeMenu();
    menuLink = link;
    buildMenu(link.closest("p").id.slice(1));
    // after the number's margin box (not inside it, whose style it would
    // take): next in the tab order; unseen until placed, as the card, not
    // at the window's corner while Floating UI loads
    menu.style.visibility = "hidden";
    link.parentElement.after(menu);
    link.setAttribute("aria-expanded", "true");
    place(menu, link).then((shown) => {
      if (shown && focusFirst && menuLink === link)
        menu.querySelector("button, a").focus({ preventScroll: true });
    });
  }
  function closeMenu() {
    if (!menuLink) return;
    menuLink.setAttribute("aria-expanded", "false");
    menuLink = null;
    menu.remove();
    unplace(menu);
  }
  if (data) {
    for (const link of document.querySelectorAll(
      "p.interview-paragraph > .paranum > a",
    )) {
      link.setAttribute("aria-controls", menu.id);
      link.setAttribute("aria-expanded", "false");
      // A click, a tap or Enter opens it, a second one closes it; Enter (a
      // click of no pointer) puts focus on its first item.  The address
      // becomes the paragraph's (#pN), but the page does not jump to it.
      link.addEventListener("click", (e) => {
        e.preventDefault();
        if (location.hash !== link.hash) history.pushState(null, "", link.hash);
        if (menuLink === link) closeMenu();
        else openMenu(link, e.detail === 0);
      });
    }
    document.addEventListener("focusin", (e) => {
      if (menuLink && e.target !== menuLink && !menu.contains(e.target))
        closeMenu();
    });
  }

  // ---- closing ---------------------------------------------------------------

  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    if (menuLink) {
      const back = menu.contains(document.activeElement) ? menuLink : null;
      closeMenu();
      if (back) back.focus({ preventScroll: true });
    }
    const from =
      current && card.contains(document.activeElement) ? current : null;
    hidePreview();
    if (from) {
      // out of the card, back to its link, which stays closed
      quiet = true;
      from.focus({ preventScroll: true });
      quiet = false;
    }
  });
  document.addEventListener("pointerdown", (e) => {
    if (current && !card.contains(e.target) && !current.contains(e.target))
      hidePreview();
    if (menuLink && !menu.contains(e.target) && !menuLink.contains(e.target))
      closeMenu();
  });
})();
