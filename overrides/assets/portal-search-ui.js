// The header search: results in the page's language as one types, from Pagefind.
// Enter opens the catalog with the words (the form's own submission); Escape closes.

import { briefItem, countText, pagefind, search as trueSearch } from "./portal-pagefind.js";

const SHOWN = 8;
// Pagefind's own debouncedSearch preloads the index chunks of every prefix typed ("i", "in",
// "int"...), and each prefix can match several chunks of thousands of pages: measured at
// 5,000 practices, typing "integración" fetched a 135 KB chunk for "in…" words it never
// used. So the words go to Pagefind only once the person pauses.
const PAUSE = 250; // ms

export function init(form, bundle) {
  const input = form.querySelector("input[type=search]");
  const panel = form.querySelector(".bp-search__panel");
  const status = panel.querySelector("[role=status]");
  const list = panel.querySelector("ol");
  let asked = 0;
  let timer = 0;

  async function run() {
    const query = input.value.trim();
    const ticket = ++asked;
    if (!query) {
      panel.hidden = true;
      list.replaceChildren();
      return;
    }
    const pf = await pagefind(bundle);
    const search = await trueSearch(pf, query);
    if (search === null || ticket !== asked) return; // a newer query replaced this one
    const data = await Promise.all(search.results.slice(0, SHOWN).map((r) => r.data()));
    if (ticket !== asked) return;
    list.replaceChildren(...data.map(briefItem));
    status.textContent = countText(form, search.results.length);
    panel.hidden = false;
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    ++asked; // an answer still in flight is for words no longer in the box
    timer = setTimeout(run, PAUSE);
  });
  form.addEventListener("keydown", (event) => {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      panel.hidden = true;
      input.focus();
    } else if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    }
  });
  form.addEventListener("focusout", (event) => {
    if (!form.contains(event.relatedTarget)) panel.hidden = true;
  });
  input.addEventListener("focus", () => {
    if (list.children.length) panel.hidden = false;
  });
  pagefind(bundle); // start fetching while the person types
  if (input.value) run();
}
