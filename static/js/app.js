// Small progressive enhancements shared by every page. No framework: htmx drives the live parts.
(function () {
  "use strict";

  // Load the vendored mermaid build only on pages that carry a diagram.
  function drawDiagrams() {
    var blocks = Array.prototype.filter.call(document.querySelectorAll("pre.mermaid-source"), function (pre) {
      if (pre.dataset.drawn) return false;
      pre.dataset.drawn = "1";
      return true;
    });
    if (!blocks.length) return;
    var src = document.body.dataset.mermaidSrc;
    if (!src) return;
    var script = document.createElement("script");
    script.src = src;
    script.onload = function () {
      window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
      blocks.forEach(function (pre, index) {
        var holder = document.createElement("div");
        holder.className = "mermaid-diagram";
        window.mermaid.render("mermaid-" + index, pre.textContent).then(function (result) {
          holder.innerHTML = result.svg; // mermaid sanitises in strict mode
          pre.hidden = true;
          pre.parentNode.insertBefore(holder, pre);
        }).catch(function () { /* keep the source visible */ });
      });
    };
    document.head.appendChild(script);
  }

  document.addEventListener("DOMContentLoaded", drawDiagrams);
  // Content swapped in place (a step the group moved to) may carry diagrams too.
  document.addEventListener("htmx:load", function () { if (document.readyState !== "loading") drawDiagrams(); });

  // Live character counters (DOMAIN.md 1.3): fields carry data-max instead of maxlength, so pasted
  // text is never cut silently; the counter shows the length and turns `.over` past the limit.
  // The over-limit words come translated from <body data-char-over="… %(n)s …">.
  function counterFor(field) {
    var id = field.id ? field.id + "-count" : "";
    var next = field.nextElementSibling;
    if (next && next.classList.contains("char-count")) return next;
    var counter = document.createElement("div");
    counter.className = "char-count";
    if (id) counter.id = id;
    field.insertAdjacentElement("afterend", counter);
    return counter;
  }

  function updateCounter(field) {
    var max = parseInt(field.dataset.max, 10);
    if (!max || field.readOnly || field.disabled) return;
    var counter = counterFor(field);
    var length = Array.from(field.value).length; // characters, not UTF-16 units (emoji count once)
    var over = length > max;
    counter.hidden = !over && length === 0 && document.activeElement !== field;
    var text = length + " / " + max;
    if (over) {
      var template = document.body.dataset.charOver || "%(n)s too many";
      text += " · " + template.replace("%(n)s", String(length - max));
    }
    if (counter.textContent !== text) counter.textContent = text;
    counter.classList.toggle("over", over);
    // Announced only when it matters, not on every keystroke.
    if (over) counter.setAttribute("aria-live", "polite");
    else counter.removeAttribute("aria-live");
  }

  function initCounters(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("[data-max]")) updateCounter(scope);
    scope.querySelectorAll("input[data-max], textarea[data-max]").forEach(updateCounter);
  }

  function onFieldEvent(event) {
    var field = event.target;
    if (field && field.matches && field.matches("input[data-max], textarea[data-max]")) {
      updateCounter(field);
    }
  }
  document.addEventListener("input", onFieldEvent);
  document.addEventListener("focusin", onFieldEvent);
  document.addEventListener("focusout", function (event) {
    // After focus has left, so the empty counter can hide again.
    setTimeout(function () { onFieldEvent(event); }, 0);
  });
  document.addEventListener("DOMContentLoaded", function () { initCounters(document); });
  document.addEventListener("htmx:load", function (event) { initCounters(event.target); });
})();
