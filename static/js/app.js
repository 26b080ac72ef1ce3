// Small progressive enhancements shared by every page. No framework: htmx drives the live parts.
(function () {
  "use strict";

  // Load the vendored mermaid build only on pages that carry a diagram.
  function drawDiagrams() {
    var blocks = document.querySelectorAll("pre.mermaid-source");
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
})();
