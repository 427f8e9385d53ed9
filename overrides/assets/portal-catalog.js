// The catalog's faceted search. The page lists its first practices as cards, and numbered pages
// the rest (it works without JavaScript); this shows the filter form and answers it: words with
// Pagefind, facets and sort from the catalog's data files (portal.pages.catalog_data), fetched
// when a visitor first filters or sorts, so the first load weighs the same at any number of
// practices. Counts are in the page's language, and the state is in the URL
// (?q=&country=PE&sort=newest) so a view can be shared, reloaded and left with the back button.
// Active filters show as chips that remove them; a facet value that would lead to no practice
// is not offered.

import { countText, pagefind, resultItem, search as trueSearch } from "./portal-pagefind.js";

const PAGE = 20;
const SORTS = { newest: { published: "desc" }, title: { title: "asc" } };

export async function init(root, bundle) {
  const form = root.querySelector("form");
  const input = form.elements.q;
  const sort = form.elements.sort;
  const status = root.querySelector("[data-status]");
  const active = root.querySelector("[data-active]");
  const staticList = root.querySelector("[data-static-list]");
  const results = root.querySelector("[data-results]");
  const more = root.querySelector("[data-more]");
  const toggle = root.querySelector("[data-toggle]");
  const facets = [...form.querySelectorAll("[data-facet]")].map((el) => el.dataset.facet);
  const words = root.dataset;
  let asked = 0;
  let shown = [];
  // The counts the page was built with: those of the whole catalog, shown while nothing is chosen.
  const builtCounts = {};
  for (const box of form.querySelectorAll("input[type=checkbox]")) {
    (builtCounts[box.name] ??= {})[box.value] = Number(box.closest("label").querySelector("[data-count]").textContent);
  }

  // The catalog's data files, each fetched once: every practice's facet values, and the cards.
  const fetched = new Map();
  function file(name) {
    if (!fetched.has(name)) {
      fetched.set(name, fetch(new URL(name, document.baseURI)).then((response) => {
        if (!response.ok) throw new Error(`${name}: ${response.status}`);
        return response.json();
      }).catch((error) => {
        fetched.delete(name); // a lost connection: the next filter asks again
        throw error;
      }));
    }
    return fetched.get(name);
  }
  let catalogData = null;
  function practices() {
    catalogData ??= file(words.filters).then((data) => {
      const names = Object.keys(data.facets);
      return {
        size: data.size,
        items: data.practices.map(([published, ...indexes], i) => ({
          i,
          published,
          values: Object.fromEntries(names.map((name, n) => [name, indexes[n].map((k) => data.facets[name][k])])),
        })),
      };
    }, (error) => {
      catalogData = null;
      throw error;
    });
    return catalogData;
  }
  const cardOf = (i, size) => file(words.cards.replace("#", Math.floor(i / size))).then((cards) => cards[i % size]);

  // Without words the list is alphabetical and "relevance" means nothing: the default option
  // then reads "Title (A–Z)" and the explicit one is not offered twice.
  function sortLabels() {
    const withWords = Boolean(input.value.trim());
    const byDefault = sort.querySelector('option[value=""]');
    byDefault.textContent = withWords ? byDefault.dataset.lWords : byDefault.dataset.lNowords;
    const title = sort.querySelector("option[data-words-only]");
    title.hidden = !withWords;
    title.disabled = !withWords;
    if (!withWords && sort.value === "title") sort.value = "";
  }

  function readUrl() {
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") ?? "";
    sort.value = SORTS[params.get("sort")] ? params.get("sort") : "";
    for (const box of form.querySelectorAll("input[type=checkbox]")) {
      box.checked = params.getAll(box.name).includes(box.value);
    }
    for (const details of form.querySelectorAll("details")) {
      if (details.querySelector(":checked")) details.open = true;
    }
    sortLabels();
  }

  function state() {
    const params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    for (const name of facets) {
      for (const box of form.querySelectorAll(`input[name="${name}"]:checked`)) params.append(name, box.value);
    }
    if (sort.value) params.set("sort", sort.value);
    return params;
  }

  function writeUrl(replace) {
    const query = state().toString();
    const url = location.pathname + (query ? `?${query}` : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      history[replace ? "replaceState" : "pushState"](null, "", url);
    }
  }

  async function run() {
    const ticket = ++asked;
    const params = state();
    const filters = {};
    for (const name of facets) {
      const values = params.getAll(name);
      if (values.length) filters[name] = { any: values };
    }
    const query = params.get("q");
    showActive();
    if (!query) {
      // Facets alone: the page's own list answers, with nothing to fetch (Pagefind would fetch
      // its whole word index to list pages without words). Alphabetical as built, or newest.
      await showStatic(filters, params.get("sort") === "newest", ticket);
      return;
    }
    const order = SORTS[params.get("sort")];
    const pf = await pagefind(bundle);
    const search = await trueSearch(pf, query, { filters, ...(order ? { sort: order } : {}) });
    // Values of one facet combine with "any": a facet in use counts what each of its values
    // would give with the other facets' choices only (one more small search per such facet).
    const counts = { ...search.filters };
    for (const name of Object.keys(filters)) {
      const others = { ...filters };
      delete others[name];
      counts[name] = (await trueSearch(pf, query, { filters: others })).filters[name];
    }
    if (ticket !== asked || search === null) return;
    updateCounts(counts);
    shown = search.results;
    results.replaceChildren();
    await showMore(ticket);
    showStatus(shown.length);
    staticList.hidden = true;
    results.hidden = false;
  }

  const matches = (item, filters, except) => Object.entries(filters).every(
    ([name, { any }]) => name === except || item.values[name].some((v) => any.includes(v)));

  async function showStatic(filters, newest, ticket) {
    if (!Object.keys(filters).length && !newest) {
      // Nothing chosen: the page's own first practices, and the counts it was built with.
      updateCounts(builtCounts);
      showStatus(Number(words.total));
      results.hidden = true;
      more.hidden = true;
      staticList.hidden = false;
      return;
    }
    const data = await practices();
    if (ticket !== asked) return;
    const items = data.items.filter((item) => matches(item, filters));
    if (newest) items.sort((a, b) => b.published.localeCompare(a.published));
    // Each facet counts with the other facets' choices (its own values combine with "any").
    const counts = {};
    for (const name of facets) {
      counts[name] = {};
      for (const item of data.items) {
        if (!matches(item, filters, name)) continue;
        for (const v of item.values[name]) counts[name][v] = (counts[name][v] ?? 0) + 1;
      }
    }
    updateCounts(counts);
    shown = items.map((item) => ({ data: () => cardOf(item.i, data.size) }));
    results.replaceChildren();
    await showMore(ticket);
    if (ticket !== asked) return;
    showStatus(items.length);
    staticList.hidden = true;
    results.hidden = false;
  }

  // An empty answer names what was asked (the chips below it) and says how to get out of it.
  function showStatus(n) {
    const text = countText(root, n);
    status.textContent = n === 0 && !active.hidden ? `${text} ${words.lEmpty}` : text;
  }

  async function showMore(ticket) {
    const start = results.children.length;
    const data = await Promise.all(shown.slice(start, start + PAGE).map((r) => r.data()));
    if (ticket !== asked) return;
    results.append(...data.map((d) => resultItem(d, true, { level: 2, gcmLabel: words.lGcm })));
    more.hidden = results.children.length >= shown.length;
  }

  function updateCounts(counts) {
    for (const box of form.querySelectorAll("input[type=checkbox]")) {
      const n = counts?.[box.name]?.[box.value] ?? 0;
      const label = box.closest("label");
      label.querySelector("[data-count]").textContent = n;
      // A value that would give no practice is not offered; a chosen one stays to be unticked.
      label.hidden = n === 0 && !box.checked;
    }
    for (const details of form.querySelectorAll("details")) {
      details.hidden = !details.querySelector("label:not([hidden])");
    }
  }

  // One chip per filter in use, words included: a button that removes it.
  function chip(text, remove) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "bp-chip";
    const hidden = document.createElement("span");
    hidden.className = "bp-visually-hidden";
    hidden.textContent = `${words.lRemove}: `;
    const mark = document.createElement("span");
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = " ×";
    button.append(hidden, text, mark);
    button.addEventListener("click", () => {
      remove();
      typing = false;
      writeUrl(false);
      run();
      (active.querySelector("button") ?? input).focus();
    });
    li.append(button);
    return li;
  }

  function showActive() {
    const chips = [];
    const query = input.value.trim();
    if (query) chips.push(chip(`${words.lWords}: «${query}»`, () => { input.value = ""; sortLabels(); }));
    for (const details of form.querySelectorAll("[data-facet]")) {
      const facet = details.querySelector("summary").textContent.trim();
      for (const box of details.querySelectorAll("input:checked")) {
        const label = box.closest("label").querySelector(".bp-facet__label").textContent.trim();
        chips.push(chip(`${facet}: ${label}`, () => { box.checked = false; }));
      }
    }
    const focused = active.contains(document.activeElement);
    active.replaceChildren(...chips);
    active.hidden = chips.length === 0;
    if (focused) (active.querySelector("button") ?? input).focus();
    const ticked = form.querySelectorAll("input[type=checkbox]:checked").length;
    toggle.querySelector("[data-active-count]").textContent = ticked ? `(${ticked})` : "";
  }

  // On a phone the filters open from one button (a wide screen shows them beside the results).
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    root.classList.toggle("bp-catalog--open", open);
  });

  // Typing adds one history entry for the query, then keeps it up to date; any other change
  // (a facet, the sort, leaving the box) adds its own entry.
  let typingTimer;
  let typing = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    typing = false;
    writeUrl(false);
    run();
  });
  input.addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      sortLabels();
      writeUrl(typing);
      typing = true;
      run();
    }, 200);
  });
  form.addEventListener("change", (event) => {
    typing = false;
    writeUrl(false);
    if (event.target !== input) run();
  });
  root.querySelector("[data-clear]").addEventListener("click", () => {
    form.reset();
    sortLabels();
    writeUrl(false);
    run();
  });
  more.addEventListener("click", () => showMore(asked));
  window.addEventListener("popstate", () => {
    readUrl();
    run();
  });

  // Pagefind starts loading when a person reaches for the words box; facets need none of it.
  input.addEventListener("focus", () => pagefind(bundle), { once: true });
  readUrl();
  form.hidden = false;
  await run();
}
