// Small improvements over a page that works without script: facet boxes apply at once,
// empty boxes stay out of the URL, "/" focuses the search box.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("input[type=checkbox][data-autosubmit]") && box.form) {
      if (box.form.requestSubmit) { box.form.requestSubmit(); } else { box.form.submit(); }
    }
  });

  // Empty boxes (dates, query) are left out of the URL, so shared links stay short.
  document.addEventListener("formdata", function (event) {
    var empty = [];
    event.formData.forEach(function (value, name) { if (value === "") { empty.push(name); } });
    empty.forEach(function (name) { event.formData.delete(name); });
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
