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
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target)) {
      event.preventDefault();
      input.focus();
    }
  });
}

const catalog = document.querySelector("[data-bp-catalog]");
if (catalog && bundle) {
  import("./portal-catalog.js").then((m) => m.init(catalog, bundle));
}
