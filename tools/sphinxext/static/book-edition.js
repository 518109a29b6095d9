/* The edition banner of a versioned site (tools/sphinxext/editions/edition_info.py).
 *
 * A published edition never changes, so it cannot know which edition came
 * after it: the site's versions.json (written when an edition is published,
 * on the book's own host; the theme's version switcher reads it too) says
 * which one is current.  On any other edition this shows, above the
 * article, "this is edition 1.0; the current edition is 1.2" and a link to
 * the same page in the current edition, at the same paragraph (#p12): the
 * link follows the address's fragment as the reader moves.
 */
(() => {
  "use strict";
  const tag = document.getElementById("book-edition");
  if (!tag) return;
  const data = JSON.parse(tag.textContent);
  const page = data.page;
  if (!data.versions || !page) return;
  fetch(new URL(data.versions, location.href))
    .then((response) => (response.ok ? response.json() : []))
    .then((versions) => {
      const current = versions.find((entry) => entry.preferred);
      if (!current || current.version === data.version) return;
      const link = document.createElement("a");
      const target = () =>
        new URL(
          `${page}.html${location.hash}`,
          new URL(current.url, location.href),
        ).href;
      link.href = target();
      link.textContent = data.texts.link;
      link.className = "book-edition-banner__link";
      window.addEventListener("hashchange", () => {
        link.href = target();
      });
      const banner = document.createElement("aside");
      banner.className = "book-edition-banner";
      banner.setAttribute("role", "note");
      banner.append(
        data.texts.banner
          .replace("{version}", data.version)
          .replace("{current}", current.version),
        " ",
        link,
      );
      // above the article's text, inside the page's main landmark
      const article =
        document.querySelector("main article") ||
        document.querySelector("main") ||
        document.body;
      article.prepend(banner);
    })
    .catch(() => {});
})();
