// The practice sheet's print button, beside its PDF link. Without JavaScript there is no
// button (the browser's own print still gives the one-page sheet, see portal.css). No inline
// script or handler: this file works under the site's strict Content-Security-Policy.
(function () {
  "use strict";

  function setUp(row) {
    if (row.querySelector(".bp-sheet-print")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button bp-sheet-print";
    button.textContent = row.dataset.printLabel;
    button.addEventListener("click", function () { window.print(); });
    row.appendChild(document.createTextNode(" "));
    row.appendChild(button);
  }

  function init() {
    document.querySelectorAll(".bp-sheet[data-print-label]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
