// The live parts of workshop screens: connection state, following the facilitator, the countdown,
// nudges, and team notes that autosave, survive a dropped network and never overwrite a teammate.
(function () {
  "use strict";

  var root = null;
  var serverOffsetMs = 0; // server clock minus this device's clock

  // Words come from the page (translated in the template), with English as the fallback.
  function label(name, fallback) { return document.body.dataset[name] || fallback; }
  function $(selector, scope) { return (scope || document).querySelector(selector); }
  function $all(selector, scope) { return Array.prototype.slice.call((scope || document).querySelectorAll(selector)); }
  function parse(data) { try { return JSON.parse(data); } catch (e) { return null; } }
  function csrfToken() {
    var input = $("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // ---- Connection state -------------------------------------------------------------------------
  function setDot(state) {
    $all("[data-live-dot]").forEach(function (dot) {
      dot.dataset.state = state;
      var words = state === "live" ? label("labelLive", "Live") : label("labelReconnecting", "Reconnecting");
      dot.setAttribute("aria-label", words);
      dot.title = words;
    });
    if (root) root.dataset.connection = state;
  }

  // ---- Timer: remaining time from the server's end time, corrected for this device's clock --------
  function formatSeconds(total) {
    total = Math.max(0, Math.round(total));
    var m = Math.floor(total / 60), s = total % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }
  function tick() {
    $all("[data-timer]").forEach(function (timer) {
      if (timer.dataset.serverNow && !timer.dataset.offsetTaken) {
        var serverNow = Date.parse(timer.dataset.serverNow);
        if (!isNaN(serverNow)) serverOffsetMs = serverNow - Date.now();
        timer.dataset.offsetTaken = "1";
      }
      var remaining = parseInt(timer.dataset.remaining || "0", 10);
      if (timer.dataset.running === "true" && timer.dataset.endsAt) {
        remaining = (Date.parse(timer.dataset.endsAt) - (Date.now() + serverOffsetMs)) / 1000;
      }
      var text = $("[data-timer-text]", timer);
      if (text) text.textContent = formatSeconds(remaining);
      timer.classList.toggle("ending", timer.dataset.running === "true" && remaining <= 60 && remaining > 0);
      timer.classList.toggle("done", remaining <= 0 && timer.dataset.running === "true");
    });
  }
  function applyTimer(state) {
    if (!state || !state.timer) return;
    $all("[data-timer]").forEach(function (timer) {
      timer.dataset.remaining = state.timer.remaining;
      timer.dataset.running = state.timer.running ? "true" : "false";
      timer.dataset.endsAt = state.timer.ends_at || "";
    });
    tick();
  }

  // ---- Following the facilitator ------------------------------------------------------------------
  // A following screen swaps the new step into <main> in place: one request, no redirect, and the
  // body (which holds the event stream), the header and the footer stay as they are.
  var askedVersion = 0; // newest flow version this screen has asked for (or shown)

  function withParam(url, query) { return url + (url.indexOf("?") < 0 ? "?" : "&") + query; }

  function unsentToolForm() {
    return $all("#main form[data-unsent]").length > 0;
  }
  // A step tool's form with input not yet sent is never swapped away: its screen gets the banner.
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("#main form:not([data-autosave])");
    if (form) form.dataset.unsent = "1";
  });
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("#main form:not([data-autosave])");
    if (form) form.dataset.unsent = "1";
  });
  document.addEventListener("submit", function (event) {
    if (event.target.dataset) delete event.target.dataset.unsent;
  }, true);
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    if (form && form.dataset) delete form.dataset.unsent;
  });

  function saveTypingFirst() {
    // Notes typed a moment ago: send them now rather than after the save delay. The Autosave keeps
    // its form after the swap, so a save already in flight or scheduled still completes.
    var state = $("[data-save-state]");
    if (!state || state.dataset.state !== "dirty") return;
    $all("#main form[data-autosave]").forEach(function (form) {
      form.dispatchEvent(new Event("submit", { cancelable: true }));
    });
  }

  function initFolds(scope) {
    $all("[data-fold-toggle]", scope).forEach(function (button) {
      var target = document.getElementById(button.getAttribute("aria-controls"));
      if (!target || target.scrollHeight <= 64 || button.dataset.foldBound) return;
      button.dataset.foldBound = "1";
      target.classList.add("folded");
      button.hidden = false;
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", function () {
        var open = target.classList.toggle("folded") === false;
        button.setAttribute("aria-expanded", open ? "true" : "false");
        button.textContent = open ? label("labelLess", "Show less") : label("labelMore", "Read more");
      });
    });
  }

  function fetchStep(url) {
    return fetch(withParam(url, "swap=step"), {
      credentials: "same-origin", headers: { "HX-Request": "true", "HX-Current-URL": location.href },
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text().then(function (html) {
        return {
          html: html, url: response.headers.get("HX-Push-Url"),
          version: parseInt(response.headers.get("X-Flow-Version") || "0", 10),
        };
      });
    });
  }

  function swapStep(result, push) {
    var main = document.getElementById("main");
    if (!main || !result.url) return false;
    htmx.swap(main, result.html, { swapStyle: "innerHTML", swapDelay: 0, settleDelay: 0 });
    var step = $("[data-step-root]", main);
    if (step && root) {
      root.dataset.pageStep = step.dataset.pageStep || "";
      root.dataset.following = step.dataset.following || "false";
    }
    $all("form[data-autosave]", main).forEach(function (form) { new Autosave(form); });
    initFolds(main);
    if (root && root.dataset.connection) setDot(root.dataset.connection);
    tick();
    if (push) history.pushState({ liveStep: result.url }, "", result.url);
    window.scrollTo(0, 0);
    var heading = $("[data-step-heading]", main);
    if (heading) heading.focus({ preventScroll: true });
    document.dispatchEvent(new CustomEvent("live:step-swapped", { detail: { url: result.url } }));
    return true;
  }

  function showFollowed(result, home) {
    if (result.version && result.version < askedVersion) return; // stale: a newer step is coming
    askedVersion = Math.max(askedVersion, result.version);
    // Not a step (the lobby, choosing a team): that page comes whole.
    if (!swapStep(result, true)) window.location.assign(home);
  }

  function askForStep(home, version) {
    fetchStep(withParam(home, "v=" + version)).then(function (result) {
      showFollowed(result, home);
    }).catch(function () { window.location.assign(home); });
  }

  // The stream itself brings a participant's next step right after the flow change ("step"); the
  // screen asks for it only when the stream says it cannot, or stays silent for a few seconds.
  var awaited = null;
  var STEP_WAIT_MS = 8000;

  function follow(state) {
    var version = parseInt(state.flow_version, 10) || 0;
    if (version && version <= askedVersion) return; // this change is already on its way
    askedVersion = Math.max(askedVersion, version);
    saveTypingFirst();
    var home = root.dataset.homeUrl;
    if (awaited) clearTimeout(awaited.timer);
    awaited = { version: version, home: home, timer: setTimeout(function () {
      awaited = null;
      askForStep(home, version);
    }, STEP_WAIT_MS) };
  }

  function onStep(data) {
    if (!data || !awaited || (parseInt(data.version, 10) || 0) < awaited.version) return;
    var waited = awaited;
    clearTimeout(waited.timer);
    awaited = null;
    if (!data.html || !data.url) { askForStep(waited.home, waited.version); return; }
    showFollowed({ html: data.html, url: data.url, version: parseInt(data.version, 10) || 0 }, waited.home);
  }

  function onFlow(state, isSync) {
    if (!state || !root) return;
    applyTimer(state);
    var page = root.dataset.pageStep || "";
    var current = state.current_step == null ? "" : String(state.current_step);
    if (root.dataset.following === "true" && current !== page && root.dataset.homeUrl) {
      if (!unsentToolForm()) {
        // Participants who were on the group's step move with it; the new bar comes with the step.
        follow(state);
        return;
      }
      // Unsent input in a step tool stays: this screen gets the banner, like one off the group's step.
      root.dataset.following = "false";
    }
    // Refetch the bar when the flow changed, or on (re)connect when this screen missed a change.
    // Everyone refetches it at once, so spread the requests over a moment.
    var bar = $("#live-bar");
    if (!isSync || !bar || bar.dataset.flowVersion !== String(state.flow_version)) {
      setTimeout(function () { htmx.trigger(document.body, "live-refresh"); }, Math.random() * 300);
    }
  }

  // Back and Forward across swapped steps: show the step the address names, fetched afresh.
  window.addEventListener("popstate", function () {
    if (!root || !root.dataset.pageStep) return;
    fetchStep(location.pathname + location.search).then(function (result) {
      if (!swapStep(result, false)) window.location.reload();
    }).catch(function () { window.location.reload(); });
  });

  // ---- Nudges from the facilitator ----------------------------------------------------------------
  function showMessage(message) {
    if (!message || !root) return;
    var team = root.dataset.team || "";
    if (message.team && String(message.team) !== team) return;
    var region = $("[data-toasts]");
    if (!region) return;
    var toast = document.createElement("div");
    toast.className = "live-toast";
    var sender = document.createElement("strong");
    sender.textContent = label("labelFacilitator", "Facilitator");
    var body = document.createElement("span");
    body.textContent = message.body; // text only, never HTML
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close btn-sm";
    close.setAttribute("aria-label", label("labelClose", "Close"));
    close.addEventListener("click", function () { toast.remove(); });
    toast.appendChild(sender);
    toast.appendChild(body);
    toast.appendChild(close);
    region.appendChild(toast);
    setTimeout(function () { toast.remove(); }, 30000);
  }

  // ---- Team notes autosave ------------------------------------------------------------------------
  var SAVE_DELAY_MS = 800;
  var RETRY_MS = 4000;

  function saveState(text, state) {
    $all("[data-save-state]").forEach(function (el) {
      el.textContent = text;
      el.dataset.state = state;
    });
  }

  function Autosave(form) {
    this.form = form;
    this.section = form.closest("[data-notes-url]");
    this.textarea = $("[data-notes-text]", form);
    this.version = $("[data-version]", form);
    this.timer = null;
    this.inFlight = false;
    this.dirty = false;
    this.lastTyping = 0;
    var self = this;
    if (!this.textarea || this.textarea.readOnly) return;
    this.textarea.addEventListener("input", this.edited.bind(this));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.dirty = true;
      self.save();
    });
    this.bindConflict();
    window.addEventListener("online", function () { if (self.dirty) self.save(); });
    window.addEventListener("beforeunload", function (event) {
      if (self.dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  }
  Autosave.prototype.edited = function () {
    this.dirty = true;
    saveState(label("labelUnsaved", "Not saved yet"), "dirty");
    this.schedule(SAVE_DELAY_MS);
    this.typing();
  };
  Autosave.prototype.catchUp = function () {
    // Text typed while the page was still loading, before this script listened: save it too.
    if (this.textarea && !this.textarea.readOnly && this.textarea.value !== this.textarea.defaultValue) {
      this.edited();
    }
  };
  Autosave.prototype.schedule = function (ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.save.bind(this), ms);
  };
  Autosave.prototype.typing = function () {
    var now = Date.now();
    if (now - this.lastTyping < 5000 || !this.section.dataset.typingUrl) return;
    this.lastTyping = now;
    fetch(this.section.dataset.typingUrl, {
      method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() },
    }).catch(function () {});
  };
  Autosave.prototype.save = function () {
    var self = this;
    if (!this.dirty) return;
    if (this.inFlight) { this.schedule(SAVE_DELAY_MS); return; }
    this.inFlight = true;
    this.dirty = false;
    saveState(label("labelSaving", "Saving…"), "saving");
    var body = new FormData(this.form);
    fetch(this.form.action, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Autosave": "1", "X-CSRFToken": csrfToken() },
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      self.inFlight = false;
      if (result.status === 200) {
        self.version.value = result.data.version;
        saveState(label("labelSaved", "Saved"), "saved");
        if (self.dirty) self.schedule(SAVE_DELAY_MS);
      } else if (result.status === 409) {
        self.showConflict(result.data.html);
        saveState(label("labelConflict", "Not saved: a teammate changed this"), "conflict");
      } else {
        self.dirty = true; // keep the edit; the message says what to fix
        self.showError(result.data.error || "");
        saveState(label("labelNotSaved", "Not saved"), "error");
      }
    }).catch(function () {
      // The network dropped: the text stays in the page and is sent when it comes back.
      self.inFlight = false;
      self.dirty = true;
      saveState(label("labelOffline", "Offline, will retry"), "offline");
      self.schedule(RETRY_MS);
    });
  };
  Autosave.prototype.showError = function (message) {
    var box = $("[data-notes-error]", this.form);
    if (!box) {
      box = document.createElement("div");
      box.className = "alert alert-danger py-2 small mt-2";
      box.setAttribute("role", "alert");
      box.dataset.notesError = "";
      this.textarea.insertAdjacentElement("afterend", box);
    }
    box.textContent = message;
    box.hidden = !message;
  };
  Autosave.prototype.showConflict = function (html) {
    // Server-rendered (escaped) fragment: their text beside ours, our text kept in the box.
    var mine = this.textarea.value;
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fresh = holder.firstElementChild;
    var freshText = $("[data-notes-text]", fresh);
    if (freshText) freshText.value = mine;
    this.section.replaceWith(fresh);
    var form = $("form[data-autosave]", fresh);
    if (form) {
      var next = new Autosave(form);
      next.dirty = true;
      $("[data-notes-text]", form).focus();
    }
  };
  Autosave.prototype.bindConflict = function () {
    var self = this;
    var useTheirs = $("[data-use-theirs]", this.section);
    if (!useTheirs) return;
    useTheirs.addEventListener("click", function () {
      self.textarea.value = $("[data-theirs]", self.section).value;
      self.dirty = false;
      var box = $("[data-conflict]", self.section);
      if (box) box.remove();
      saveState(label("labelSaved", "Saved"), "saved");
    });
  };

  function refreshNotes(section) {
    // A teammate saved: refetch unless this screen is mid-edit (its own save will show a conflict).
    var textarea = $("[data-notes-text]", section);
    if (!section || (textarea && (document.activeElement === textarea || section.dataset.busy))) return false;
    fetch(section.dataset.notesUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.firstElementChild;
        section.replaceWith(fresh);
        var form = $("form[data-autosave]", fresh);
        if (form) new Autosave(form);
      });
    return true;
  }

  function onTeamEvent(payload) {
    if (!payload) return;
    var section = $("[data-notes-url]");
    if (!section) return;
    var me = root ? root.dataset.participant : "";
    if (payload.kind === "notes-typing") {
      if (String(payload.by) === me) return;
      var typing = $("[data-notes-typing]", section);
      if (typing) {
        typing.textContent = (payload.name || "") + " " + label("labelTyping", "is editing…");
        clearTimeout(typing._hide);
        typing._hide = setTimeout(function () { typing.textContent = ""; }, 8000);
      }
    } else if (payload.kind === "notes" && String(payload.by) !== me) {
      var form = $("form[data-autosave]", section);
      var textarea = form && $("[data-notes-text]", form);
      if (textarea && textarea.readOnly) { refreshNotes(section); return; }
      if (!refreshNotes(section)) {
        var note = $("[data-notes-typing]", section);
        if (note) note.textContent = label("labelChanged", "A teammate changed these notes.");
      }
    }
  }

  // ---- Step tools' forms: a save made offline is kept and sent again when the network returns -------
  var offlineForms = [];
  var retryTimer = null;

  function retryOfflineForms() {
    retryTimer = null;
    if (!navigator.onLine) { retryTimer = setTimeout(retryOfflineForms, RETRY_MS); return; }
    offlineForms.splice(0).forEach(function (form) {
      // The form still holds what was typed: submitting it again repeats the same save.
      if (document.body.contains(form)) htmx.trigger(form, "submit");
    });
  }
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    if (!form) return;
    if (offlineForms.indexOf(form) === -1) offlineForms.push(form);
    saveState(label("labelOffline", "Offline, will retry"), "offline");
    if (!retryTimer) retryTimer = setTimeout(retryOfflineForms, RETRY_MS);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    // The form itself may have been swapped out by now: judge by the request, not the element.
    var config = event.detail.requestConfig, xhr = event.detail.xhr;
    if (!config || config.verb !== "post" || !xhr) return;
    if (xhr.status >= 200 && xhr.status < 300) {
      saveState(label("labelSaved", "Saved"), "saved");
    } else if (xhr.status >= 400) {
      saveState(label("labelNotSaved", "Not saved"), "error");
    }
  });
  window.addEventListener("online", function () { if (offlineForms.length) retryOfflineForms(); });

  // ---- Regions that keep what their own request showed ------------------------------------------
  // A region marked data-own-changes (step 1's suggestions) does not refetch for a change this screen
  // made from inside it: its response already shows the change with its confirmation, which a refetch
  // would wipe. Two causes are skipped: the team event whose `by` is this participant, and the
  // response's own client event, which names the region as its `source`. Teammates still refetch.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var region = event.target;
    if (!region || !region.hasAttribute || !region.hasAttribute("data-own-changes")) return;
    var config = event.detail.requestConfig;
    var cause = config && config.triggeringEvent;
    if (!cause || !cause.detail) return;
    var mine = false;
    if (cause.type.indexOf("sse:") === 0) {
      var payload = parse(cause.detail.data);
      var me = root ? root.dataset.participant : "";
      mine = Boolean(payload && me && String(payload.by) === me);
    } else {
      mine = cause.detail.source === region.id;
    }
    if (mine) event.preventDefault();
  });

  // ---- Wiring -------------------------------------------------------------------------------------
  function listen(source) {
    root = root || $("[data-live-root]");
    source.addEventListener("open", function () { setDot("live"); });
    source.addEventListener("error", function () { setDot("reconnecting"); });
    source.addEventListener("sync", function (e) { setDot("live"); onFlow(parse(e.data), true); });
    source.addEventListener("flow-changed", function (e) { onFlow(parse(e.data)); });
    source.addEventListener("step", function (e) { onStep(parse(e.data)); });
    source.addEventListener("message", function (e) { showMessage(parse(e.data)); });
    if (root && root.dataset.team) {
      source.addEventListener("team-" + root.dataset.team + "-changed", function (e) { onTeamEvent(parse(e.data)); });
      // A step reopened (or closed again) for this team: a step page reloads whole, so its tools start
      // editable (or read-only) with all their scripts; unsaved notes still ask before leaving.
      source.addEventListener("team-" + root.dataset.team + "-access", function () {
        if (root.dataset.pageStep) window.location.reload();
      });
    }
  }

  // ---- Reconnecting a refused stream, spread ------------------------------------------------------
  // A dropped stream is reopened by the browser after the server's `retry:`, drawn per connection.
  // A refused one (a 502 from the proxy while the server restarts, a 500) is closed instead, and
  // the sse extension reopens it after 0.5 s, 1 s, 2 s ... up to 64 s: the same for every phone,
  // so the room would come back in one instant. Each of those waits first for a random part of
  // at least four seconds, or of the extension's own delay when that is longer.
  var JITTER_MIN_MS = 4000;
  var refusals = 0; // in a row, since a stream last opened

  function reconnectJitterMs(attempt) {
    var backoff = 500 * Math.min(Math.pow(2, attempt - 1), 128); // as the extension computes it
    return Math.random() * Math.max(JITTER_MIN_MS, backoff);
  }

  function jitterReconnects(source) {
    // The extension sets `onerror` after createEventSource returns: keep its handler and run it
    // from our own listener, later when the stream is closed (that handler schedules the reopen).
    var handler = null;
    Object.defineProperty(source, "onerror", {
      configurable: true,
      get: function () { return handler; },
      set: function (fn) { handler = fn; },
    });
    source.addEventListener("open", function () { refusals = 0; });
    source.addEventListener("error", function (event) {
      if (!handler) return;
      var run = handler;
      if (source.readyState !== EventSource.CLOSED) { run.call(source, event); return; }
      refusals += 1;
      setTimeout(function () { run.call(source, event); }, reconnectJitterMs(refusals));
    });
  }

  if (window.htmx && htmx.createEventSource) {
    var create = htmx.createEventSource;
    htmx.createEventSource = function (url) {
      var source = create(url);
      jitterReconnects(source);
      listen(source);
      return source;
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = $("[data-live-root]");
    $all("form[data-autosave]").forEach(function (form) { new Autosave(form).catchUp(); });
    initFolds(document);
    tick();
    setInterval(tick, 1000);
  });
  document.addEventListener("htmx:afterSwap", function () {
    // A refetched bar brings a fresh dot: give it the connection state we already know.
    if (root && root.dataset.connection) setDot(root.dataset.connection);
    tick();
  });
})();
