// "Cómo citar / How to cite": adds a copy button after each citation. Without JavaScript
// the citation stays plain selectable text and no button is shown. No inline script, no
// inline handlers: this file works under a strict Content-Security-Policy.
(function () {
  "use strict";

  function fallbackCopy(text) {
    // For browsers without the async Clipboard API, or outside a secure context.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "bp-cite-offscreen";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function setUp(box) {
    var source = box.querySelector(".bp-cite-text");
    if (!source || box.querySelector(".bp-cite-copy")) return;
    var row = document.createElement("p");
    row.className = "bp-cite-actions";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button bp-cite-copy";
    button.textContent = box.dataset.copyLabel;
    var status = document.createElement("span");
    status.className = "bp-cite-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      var text = source.textContent.replace(/\s+/g, " ").trim();
      copy(text).then(function () {
        status.textContent = box.dataset.copiedLabel;
      }, function () {
        status.textContent = box.dataset.copyFailedLabel;
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      });
    });
    row.appendChild(button);
    row.appendChild(status);
    source.insertAdjacentElement("afterend", row);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".bp-cite"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
