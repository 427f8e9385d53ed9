// Pagefind, loaded once per page, and the safe rendering of what it returns.

let loaded = null;

export function pagefind(bundle) {
  loaded ??= import(bundle).then(async (pf) => {
    // Result URLs are relative to the folder above the bundle: right under any base path.
    await pf.options({ baseUrl: new URL("..", bundle).pathname, excerptLength: 24 });
    pf.init();
    return pf;
  });
  return loaded;
}

// --- Only true matches ------------------------------------------------------------------------
// Pagefind answers a word it does not have with the longest indexed prefix of it: "employment"
// matched the word "e", "laboral" matched "la" (Pagefind PR #315; no option turns it off). Such a
// match is a word that shares only a short beginning with what the person typed, while a true
// match starts with the typed word (a prefix while typing: "integr" finds "integración") or
// shares its stem ("employment" finds "employed"). So every word of a query is checked once,
// against the words Pagefind says it matched in its best pages, and a query holding a word that
// no page has gives no result at all. Accents never count ("integracion" is "integración").

export const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
const letters = (text) => text.replace(/[^\p{L}\p{N}]/gu, "");

export function queryTerms(query) {
  return fold(query).split(/\s+/).map(letters).filter(Boolean);
}

// How much of a typed word a matched word must share: all of a short word, else its likely
// stem (Snowball stems of Spanish and English keep well over half of a word).
function needed(term) {
  return term.length <= 4 ? term.length : Math.max(4, Math.ceil(term.length * 0.6));
}

function shared(a, b) {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n += 1;
  return n;
}

// A word of the page (as Pagefind splits its content: "https://x.org/centro-de-integracion",
// "laboral.") matches a typed word if the whole of it, or one of its parts, does.
export function wordMatches(word, term) {
  const folded = fold(word);
  const parts = [letters(folded), ...folded.split(/[^\p{L}\p{N}]+/u)].filter(Boolean);
  return parts.some((part) => shared(part, term) >= needed(term));
}

function matchedWords(data) {
  const content = data.raw_content ?? data.content ?? "";
  const words = content.includes("\u200B") ? content.split("\u200B") : content.split(/[\r\n\s]+/g);
  return data.locations.map((at) => words[at] ?? "");
}

// A backtracked word matches the same short prefix on every page, so its best pages tell.
const CHECKED_PAGES = 3;
const termChecks = new Map();

function termFound(pf, term) {
  if (!termChecks.has(term)) {
    termChecks.set(term, pf.search(term).then(async (search) => {
      const top = await Promise.all(search.results.slice(0, CHECKED_PAGES).map((r) => r.data()));
      return top.some((data) => matchedWords(data).some((word) => wordMatches(word, term)));
    }));
  }
  return termChecks.get(term);
}

// pf.search, without the pages found through a prefix substituted for a missing word.
export async function search(pf, query, options = {}) {
  const found = await Promise.all(queryTerms(query).map((term) => termFound(pf, term)));
  if (found.every(Boolean)) return pf.search(query, options);
  return { results: [], filters: {}, totalFilters: {}, unfilteredResultCount: 0 };
}

// --- Rendering --------------------------------------------------------------------------------

// Pagefind's excerpts are text with <mark> around the matched words. Rebuild them from text
// nodes and <mark> only, so nothing else in an excerpt can ever become markup.
export function excerpt(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const out = document.createDocumentFragment();
  for (const node of template.content.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) out.append(node.textContent);
    else if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else out.append(node.textContent);
  }
  return out;
}

// An excerpt tells why a practice was found in its own words: from the summary, lessons,
// recommendations or objectives (sections of the sheet, by their heading's id), never from the
// facts box above them, whose names and labels say nothing about the practice's content.
const TEXT_SECTIONS = ["summary", "lessons", "recommendations", "objectives"];

function sectionExcerpt(data) {
  const sections = (data.sub_results ?? []).filter((s) => s.locations?.length && s.excerpt);
  for (const id of TEXT_SECTIONS) {
    const found = sections.find((s) => s.anchor?.id === id);
    // Pagefind starts a section's excerpt with its heading ("Resumen de la práctica."): the
    // card says what the practice does, not where in the sheet it is said.
    const heading = found?.anchor.text?.trim();
    if (found && heading && found.excerpt.startsWith(heading)) {
      return found.excerpt.slice(heading.length).replace(/^\.?\s*/, "");
    }
    if (found) return found.excerpt;
  }
  return null;
}

// "# documentos encontrados" / "{n} prácticas encontradas": the words come from the page.
export function countText(element, n) {
  const d = element.dataset;
  const text = n === 0 ? d.lNone : n === 1 ? d.lOne : d.lMany;
  return text.replace("#", n).replace("{n}", n.toLocaleString(document.documentElement.lang));
}

function paragraph(className, ...content) {
  const p = document.createElement("p");
  p.className = className;
  p.append(...content);
  return p;
}

// A result of the header search: the title, where and when, and the excerpt.
export function briefItem(data) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title;
  if (data.meta.lang) link.lang = data.meta.lang; // see resultItem
  li.append(link);
  const where = [data.meta.place, data.meta.year].filter(Boolean).join(" · ");
  if (where) li.append(` — ${where}`);
  const found = sectionExcerpt(data);
  if (found) li.append(paragraph("", excerpt(found)));
  else if (data.meta.summary) {
    const summary = paragraph("", data.meta.summary);
    if (data.meta.lang) summary.lang = data.meta.lang;
    li.append(summary);
  }
  return li;
}

// A search result as the practice's card (scripts/portal/templates/card.html.j2), from the card
// fields the sheet gives Pagefind as meta; with words, the excerpt replaces the first sentence.
// `gcmLabel` names the objective badges for screen readers (a word of the page).
export function resultItem(data, withExcerpt, { level = 2, gcmLabel = "" } = {}) {
  const li = document.createElement("li");
  const card = document.createElement("article");
  card.className = "bp-card";
  const heading = document.createElement(`h${level}`);
  heading.className = "bp-card__title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title;
  heading.append(link);
  card.append(heading);
  const meta = data.meta;
  // meta.lang: the practice's own text is in another language than the page (a practice not
  // translated into Portuguese), and is marked so, as the cards of the HTML pages are.
  const inTextLanguage = (element) => {
    if (meta.lang) element.lang = meta.lang;
    return element;
  };
  if (meta.lang) heading.lang = meta.lang;
  const who = [];
  if (meta.place) who.push(meta.place);
  if (meta.institution) {
    const institution = inTextLanguage(document.createElement("span"));
    institution.textContent = meta.institution;
    who.push(...(who.length ? [" · ", institution] : [institution]));
  }
  if (who.length) card.append(paragraph("bp-card__meta", ...who));
  if (meta.when) card.append(paragraph("bp-card__when", meta.when));
  const found = withExcerpt ? sectionExcerpt(data) : null;
  if (found) card.append(paragraph("bp-card__summary", excerpt(found)));
  else if (meta.summary) card.append(inTextLanguage(paragraph("bp-card__summary", meta.summary)));
  if (meta.gcm) {
    const gcm = paragraph("bp-card__gcm");
    if (gcmLabel) {
      const hidden = document.createElement("span");
      hidden.className = "bp-visually-hidden";
      hidden.textContent = `${gcmLabel}:`;
      gcm.append(hidden, " ");
    }
    meta.gcm.split(" ").forEach((n, i) => {
      const badge = document.createElement("span");
      badge.className = "bp-badge";
      badge.textContent = n;
      gcm.append(...(i ? [" ", badge] : [badge]));
    });
    card.append(gcm);
  }
  li.append(card);
  return li;
}
