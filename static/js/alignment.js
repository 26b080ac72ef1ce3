// Step 2: never refresh a section under someone who is typing or choosing scores in it.
(function () {
  "use strict";
  function dirty(form) { form.dataset.dirty = "true"; }
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest(".alignment-tool form");
    if (form) dirty(form);
  });
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest(".alignment-tool form");
    if (form) dirty(form);
  });
  function busy(element) {
    return element.querySelector("form[data-dirty='true']") ||
      (document.activeElement && element.contains(document.activeElement) &&
       document.activeElement.matches("input, textarea, select"));
  }
  function isRefresh(element) { return element && element.hasAttribute("data-refresh"); }
  document.addEventListener("htmx:confirm", function (event) {
    if (isRefresh(event.detail.elt) && busy(event.detail.elt)) event.preventDefault();
  });
  // A refresh already on its way when someone starts choosing must not land on their choices.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var element = event.detail.elt;
    if (isRefresh(element) && event.detail.requestConfig.verb === "get" && busy(element)) {
      event.detail.shouldSwap = false;
    }
  });
})();
