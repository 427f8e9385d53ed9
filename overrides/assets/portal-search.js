// Loaded on every page, and kept tiny: the search UI and Pagefind load only when a person
// reaches for search (focus, or the "/" key), and the catalog code only on the catalog page.

const form = document.querySelector("[data-bp-search]");
const bundle = form && new URL(form.dataset.bundle, document.baseURI).href;

let searchUi = null;
function loadSearch() {
  searchUi ??= import("./portal-search-ui.js").then((m) => m.init(form, bundle));
  return searchUi;
}

function typing(target) {
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
}

if (form) {
  const input = form.querySelector("input[type=search]");
  input.addEventListener("focus", loadSearch, { once: true });
  // On a phone the box is folded into its button (portal-cards.css): the button opens it.
  form.querySelector("button[type=submit]").addEventListener("click", (event) => {
    if (!input.value && input.getBoundingClientRect().width < 20) {
      event.preventDefault();
      input.focus();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target)) {
      event.preventDefault();
      input.focus();
    }
  });
}

// The citation's copy button and the print button exist on practice sheets only: no other page
// fetches their code.
if (document.querySelector(".bp-cite")) import("./cite.js");
if (document.querySelector(".bp-sheet[data-print-label]")) import("./sheet-print.js");

const catalog = document.querySelector("[data-bp-catalog]");
if (catalog && bundle) {
  import("./portal-catalog.js").then((m) => m.init(catalog, bundle));
}

// The language switch keeps the catalog's view (?q=…&theme=…): the other language's catalog
// reads the same parameters (facet values are permanent keys, not labels).
if (catalog) {
  document.addEventListener("click", (event) => {
    const link = event.target.closest?.(".md-select__link[hreflang]");
    if (link && location.search) {
      const target = new URL(link.href, document.baseURI);
      target.search = location.search;
      link.href = target.href;
    }
  });
}
