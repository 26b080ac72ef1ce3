/* Step 1 map: drag a node to pin it (POSTs its position), and download the map as PNG. */
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function svgPoint(svg, event) {
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse());
  }

  function moveEdges(svg, id, x, y) {
    svg.querySelectorAll('line[data-source="' + id + '"]').forEach(function (line) {
      line.setAttribute("x1", x); line.setAttribute("y1", y);
    });
    svg.querySelectorAll('line[data-target="' + id + '"]').forEach(function (line) {
      line.setAttribute("x2", x); line.setAttribute("y2", y);
    });
  }

  var drag = null;

  document.addEventListener("pointerdown", function (event) {
    var node = event.target.closest && event.target.closest("g.map-node[data-position-url]");
    if (!node) return;
    var svg = node.ownerSVGElement;
    if (!svg || svg.dataset.canEdit !== "true") return;
    event.preventDefault();
    node.setPointerCapture(event.pointerId);
    drag = { node: node, svg: svg, moved: false };
    node.classList.add("dragging");
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag) return;
    var p = svgPoint(drag.svg, event);
    var box = drag.svg.viewBox.baseVal;
    var x = Math.max(0, Math.min(box.width, p.x));
    var y = Math.max(0, Math.min(box.height, p.y));
    drag.node.setAttribute("transform", "translate(" + x.toFixed(1) + " " + y.toFixed(1) + ")");
    moveEdges(drag.svg, drag.node.dataset.actor, x.toFixed(1), y.toFixed(1));
    drag.x = x; drag.y = y; drag.moved = true;
  });

  function drop() {
    if (!drag) return;
    var current = drag;
    drag = null;
    current.node.classList.remove("dragging");
    if (!current.moved) return;
    current.node.classList.add("pinned");
    var body = new URLSearchParams({ x: current.x.toFixed(1), y: current.y.toFixed(1) });
    fetch(current.node.dataset.positionUrl, {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      current.node.dataset.saved = response.ok ? "true" : "false";
    });
  }
  document.addEventListener("pointerup", drop);
  document.addEventListener("pointercancel", drop);

  // PNG: draw the server's SVG into a canvas, then download it (needs img-src blob:).
  function downloadPng(button) {
    var svg = document.querySelector("svg[data-network-map]");
    if (!svg) return;
    var box = svg.viewBox.baseVal;
    var markup = new XMLSerializer().serializeToString(svg);
    var url = URL.createObjectURL(new Blob([markup], { type: "image/svg+xml;charset=utf-8" }));
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = box.width * 2; canvas.height = box.height * 2;
      var context = canvas.getContext("2d");
      context.scale(2, 2);
      context.drawImage(image, 0, 0, box.width, box.height);
      URL.revokeObjectURL(url);
      canvas.toBlob(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = (button.dataset.filename || "map") + ".png";
        document.body.appendChild(link);
        link.click();
        link.remove();
      }, "image/png");
    };
    image.src = url;
  }

  // Teammates add actors, flows and gaps while someone fills in an add form: when the board
  // refreshes, bring the add forms' choice lists up to date from the board's <template> lists,
  // keeping what is selected or ticked. The editor (#mapping-editor) is left alone.
  function syncChoices(board) {
    var sources = {};
    board.querySelectorAll("template[data-choices-source]").forEach(function (template) {
      sources[template.dataset.choicesSource] = Array.from(template.content.querySelectorAll("option"));
    });
    document.querySelectorAll("select[data-choices]").forEach(function (select) {
      var options = sources[select.dataset.choices];
      if (!options || select.closest("#mapping-editor")) return;
      var current = select.value;
      var blank = select.querySelector('option[value=""]');
      select.replaceChildren.apply(select, (blank ? [blank] : []).concat(options.map(function (option) {
        return option.cloneNode(true);
      })));
      select.value = current;
      if (select.value !== current) select.value = "";
    });
    document.querySelectorAll("div[data-choices]").forEach(function (list) {
      var options = sources[list.dataset.choices];
      if (!options || list.closest("#mapping-editor")) return;
      var ticked = new Set(Array.from(list.querySelectorAll("input:checked")).map(function (box) {
        return box.value;
      }));
      var disabled = !!list.querySelector("input:disabled");
      var items = options.map(function (option, index) {
        var id = list.dataset.id + "_" + index;
        var item = document.createElement("div");
        item.className = "form-check";
        var box = document.createElement("input");
        box.type = "checkbox"; box.className = "form-check-input";
        box.name = list.dataset.name; box.id = id; box.value = option.value;
        box.checked = ticked.has(option.value); box.disabled = disabled;
        var label = document.createElement("label");
        label.className = "form-check-label user-text"; label.dir = "auto"; label.htmlFor = id;
        label.textContent = option.textContent;
        item.append(box, label);
        return item;
      });
      if (items.length) list.replaceChildren.apply(list, items);
    });
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    var board = document.getElementById("mapping-board");
    if (board && event.target === board) syncChoices(board);
  });

  function init() {
    document.querySelectorAll("[data-map-png]").forEach(function (button) {
      if (button.dataset.bound) return;
      button.dataset.bound = "1";
      button.hidden = false;
      button.addEventListener("click", function () { downloadPng(button); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  // A step swapped in place (live.js) brings the map without a page load.
  document.addEventListener("htmx:load", init);
})();
