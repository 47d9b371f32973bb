// Small improvements over a page that works without script: facet boxes apply at once, "/" focuses the search box.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("input[type=checkbox][data-autosubmit]") && box.form) {
      if (box.form.requestSubmit) { box.form.requestSubmit(); } else { box.form.submit(); }
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
