// Small improvements over a page that works without script: facet boxes apply at once (the phone
// drawer stays open), empty boxes stay out of the URL, "/" focuses the search box, « Copier »
// buttons copy a citation or a feed address, and text copied from a communiqué carries its source.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("input[type=checkbox][data-autosubmit]") && box.form) {
      // In the phone drawer, the next page opens with the drawer still open, for the next filter.
      box.form.action = box.form.action.split("#")[0] + (location.hash === "#filtres" ? "#filtres" : "");
      if (box.form.requestSubmit) { box.form.requestSubmit(); } else { box.form.submit(); }
    }
  });

  // Empty boxes (dates, query) are left out of the URL, so shared links stay short.
  document.addEventListener("formdata", function (event) {
    var empty = [];
    event.formData.forEach(function (value, name) { if (value === "") { empty.push(name); } });
    empty.forEach(function (name) { event.formData.delete(name); });
  });

  // « Copier » buttons: copy the text of the element named by data-copy (a citation, a feed address).
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status") || document.querySelector(".copy-status");
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.value !== undefined ? source.value : source.textContent;
      var done = function () { if (status) { status.textContent = "Copié dans le presse-papiers."; } };
      var fallback = function () {
        var range = document.createRange();
        if (source.select) { source.select(); } else {
          range.selectNodeContents(source);
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
        }
        if (status) { status.textContent = "Texte sélectionné : copiez-le avec Ctrl+C."; }
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text.trim()).then(done, fallback);
      } else { fallback(); }
    });
  });

  // A passage copied from the text of a communiqué is pasted as a quotation followed by its citation.
  document.addEventListener("copy", function (event) {
    var citation = document.getElementById("citation");
    var body = document.querySelector(".document .body");
    var selection = window.getSelection();
    if (!citation || !body || !event.clipboardData || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) { return; }
    var quoted = selection.toString().replace(/\s+/g, " ").trim();
    if (!quoted) { return; }
    event.clipboardData.setData("text/plain", "«\u00a0" + quoted + "\u00a0» (" + citation.textContent.trim() + ")");
    event.preventDefault();
  });

  // Escape closes the phone drawer of filters, as « Fermer » does.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && location.hash === "#filtres") {
      var close = document.querySelector(".filters-close");
      if (close && close.offsetParent !== null) { close.click(); }
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    var typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    var box = document.getElementById("q");
    if (typing || !box) { return; }
    event.preventDefault();
    box.focus();
    box.select();
  });
})();
