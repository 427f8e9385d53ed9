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

// "# documentos encontrados" / "{n} prácticas encontradas": the words come from the page.
export function countText(element, n) {
  const d = element.dataset;
  const text = n === 0 ? d.lNone : n === 1 ? d.lOne : d.lMany;
  return text.replace("#", n).replace("{n}", n.toLocaleString(document.documentElement.lang));
}

export function resultItem(data, withExcerpt) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title;
  li.append(link);
  const where = [data.meta.place, data.meta.year].filter(Boolean).join(" · ");
  if (where) li.append(` — ${where}`);
  if (withExcerpt && data.excerpt) {
    const p = document.createElement("p");
    p.append(excerpt(data.excerpt));
    li.append(p);
  }
  return li;
}
