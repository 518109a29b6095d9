/* Open and close an annotation from the keyboard (tools/sphinxext/reader/page_assets.py).
 *
 * The layout is the stylesheet's alone: at desktop width every note floats
 * in the margin, stacked downward where notes crowd; below that a note is a
 * checkbox-driven toggle that opens right under the line that cites it (a
 * tap on its number opens it, a second tap closes it).  A checkbox answers
 * Space; this script makes Enter open or close it too, and Escape close the
 * note the reader is in, or else the one opened last, giving focus back to
 * its number.  Without this script, taps and Space still work.
 */
(() => {
  "use strict";
  const toggles = Array.from(
    document.querySelectorAll(".bd-article input.margin-toggle"),
  );
  if (!toggles.length) return;
  const opened = []; // the toggles opened, the latest last

  for (const toggle of toggles) {
    toggle.addEventListener("change", () => {
      const at = opened.indexOf(toggle);
      if (at >= 0) opened.splice(at, 1);
      if (toggle.checked) opened.push(toggle);
    });
    toggle.addEventListener("keydown", (e) => {
      if (e.key !== "Enter") return;
      e.preventDefault();
      toggle.click(); // checks or unchecks it and fires "change"
    });
  }

  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || e.defaultPrevented) return;
    const here = document.activeElement;
    const inNote =
      here && here.closest && here.closest(".bd-article span.sidenote");
    const toggle =
      here && here.matches && here.matches("input.margin-toggle:checked")
        ? here
        : inNote &&
            inNote.previousElementSibling &&
            inNote.previousElementSibling.checked
          ? inNote.previousElementSibling
          : opened[opened.length - 1];
    if (
      !toggle ||
      !toggle.checked ||
      getComputedStyle(toggle.nextElementSibling).float !== "none"
    )
      return;
    toggle.click();
    toggle.focus({ preventScroll: true });
  });
})();
