// The teacher's screen, kept live: polls /teacher/status.json every two
// seconds and updates the code, the countdown, the count and the list in
// place. Plain ES5 (a Windows 7 laptop may still run Internet Explorer 11).
// Without scripts the page refreshes itself instead (<noscript>).
(function () {
  "use strict";
  var secret = document.getElementById("secret").value;
  var last = null, left = null, closesIn = null, rows = "", qrFor = null;

  function $(id) { return document.getElementById(id); }
  function text(id, t) { var e = $(id); if (e && e.textContent !== t) e.textContent = t; }
  function get(url, done) {
    var x = new XMLHttpRequest();
    x.open("GET", url, true);
    x.onreadystatechange = function () {
      if (x.readyState === 4) done(x.status === 200 ? x.responseText : null);
    };
    x.send();
  }
  function el(tag, cls, t) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (t !== undefined) e.textContent = t;
    return e;
  }
  function hidden(name, value) {
    var i = el("input");
    i.type = "hidden"; i.name = name; i.value = value;
    return i;
  }
  // A one-button form posting `roll` to a teacher's action, as the page's own.
  function action(path, roll, label, spoken) {
    var f = el("form");
    f.method = "post"; f.action = "/teacher/" + path;
    f.appendChild(hidden("secret", secret));
    f.appendChild(hidden("roll", roll));
    var b = el("button", "", label);
    b.type = "submit";
    b.setAttribute("aria-label", spoken);
    f.appendChild(b);
    return f;
  }
  // Text on one line, cut with an ellipsis on the screen: whole in its title.
  function cut(cls, t) {
    var e = el("span", cls, t);
    e.title = t;
    return e;
  }
  function row(m) {
    var li = el("li");
    li.appendChild(el("span", "roll", m.roll));
    li.appendChild(cut("name", m.name));
    if (m.late) li.appendChild(el("span", "late", "late"));
    for (var i = 0; i < m.flags.length; i++) li.appendChild(cut("flag", m.flags[i]));
    li.appendChild(el("time", "", m.time));
    li.appendChild(action("remove", m.roll, "Remove", "Remove roll " + m.roll + " " + m.name));
    return li;
  }
  // Excused, with the reason the teacher may type, as the page's own.
  function excuseForm(a) {
    var f = action("excuse", a.roll, "Excused", "Excused: roll " + a.roll + " " + a.name);
    f.className = "excuse";
    var reason = el("input");
    reason.name = "reason"; reason.maxLength = 100; reason.autocomplete = "off";
    reason.placeholder = "Reason (optional)";
    reason.setAttribute("aria-label", "Reason, roll " + a.roll + " " + a.name + " (optional)");
    f.insertBefore(reason, f.lastChild);
    return f;
  }
  // One not here: Mark present, and Excused; or one excused, with why.
  function absentRow(a, excused) {
    var li = el("li", excused ? "excused" : "");
    li.appendChild(el("span", "roll", a.roll));
    li.appendChild(cut("name", a.name));
    if (excused) {
      li.appendChild(el("span", "tag", "excused"));
      li.appendChild(cut("reason", a.reason));
    }
    li.appendChild(action("mark", a.roll, "Mark present", "Mark present: roll " + a.roll + " " + a.name));
    if (!excused) li.appendChild(excuseForm(a));
    return li;
  }
  // As the page says it (teacher/page.rs, absent_said).
  function absentSaid(n, e) {
    if (n === 0) return e === 0 ? "Everyone on the list is here" : "Everyone on the list is here or excused (" + e + ")";
    return n + " not here yet" + (e === 0 ? "" : ", " + e + " excused");
  }
  function clock(s) {
    var m = Math.floor(s / 60), r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }
  function tick() {
    if (!last) return;
    if (last.mode === "rotating" && last.open) text("countdown", "New code in " + Math.max(left, 0) + " s");
    if (last.open) text("state", closesIn === null ? "Open" : "Open — closes in " + clock(Math.max(closesIn, 0)));
  }
  function render(s) {
    var nets = JSON.stringify(s.refused_networks);
    // A new run (rollcall restarted) or a change the page is built
    // around: load the page again, with this run's secret.
    if (last && (s.run !== last.run || s.open !== last.open || s.mode !== last.mode || s.url !== last.url ||
        s.late_after !== last.late_after || s.opened !== last.opened ||
        nets !== JSON.stringify(last.refused_networks))) {
      location.reload(); return;
    }
    last = s; left = s.code_expires_in; closesIn = s.closes_in;
    if (s.open && s.code !== null) text("code", s.code);
    // What to check when no phone arrives: shown after two minutes with
    // none, gone as soon as one arrives.
    $("hint").hidden = !s.nobody_yet;
    // Several phones say the laptop's clock is wrong.
    text("clock", s.clock || "");
    $("clock").hidden = !s.clock;
    // Undo is offered for a while after a removal.
    var undo = $("undo");
    if (undo && s.undo === null) undo.parentNode.removeChild(undo);
    text("present", String(s.present));
    if ($("late-count")) text("late-count", String(s.late));
    // With a class list: how many are not here (the page's own words),
    // and their names behind the teacher's toggle, the excused after them.
    if (s.expected !== null) text("absent-said", absentSaid(s.absent.length, s.excused.length));
    var away = $("absent"), awayNow = JSON.stringify([s.absent, s.excused]);
    // Not while the teacher is typing a reason there: the next poll will.
    var typing = away && away.contains(document.activeElement);
    if (away && !typing && away.getAttribute("data-said") !== awayNow) {
      away.setAttribute("data-said", awayNow);
      while (away.firstChild) away.removeChild(away.firstChild);
      for (var k = 0; k < s.absent.length; k++) away.appendChild(absentRow(s.absent[k], false));
      for (k = 0; k < s.excused.length; k++) away.appendChild(absentRow(s.excused[k], true));
    }
    var now = JSON.stringify(s.marked), list = $("marked");
    if (now !== rows) {
      rows = now;
      while (list.firstChild) list.removeChild(list.firstChild);
      for (var i = 0; i < s.marked.length; i++) list.appendChild(row(s.marked[i]));
    }
    // Marks the list as the script's own (the browser tests wait for it).
    if (list.getAttribute("data-polled") !== "yes") list.setAttribute("data-polled", "yes");
    var refused = $("refused");
    var said = [];
    for (var reason in s.refused) if (s.refused.hasOwnProperty(reason)) said.push(s.refused[reason] + " " + reason);
    var c = s.connections;
    if (c && c.refused > 0) said.push(c.refused + " connections turned away" + (c.last_refused ? ", the last from " + c.last_refused : ""));
    if (c && c.full > 0) said.push("The laptop held its most connections (" + c.max + ") " + c.full + " time(s)" + (c.let_go > 0 ? "; " + c.let_go + " let go" + (c.holding.length ? ", the most held by " + c.holding.map(function (h) { return h.from + " (" + h.held + ")"; }).join(", ") : "") : ""));
    var now2 = said.join("|") || "None";
    if (refused.getAttribute("data-said") !== now2) {
      refused.setAttribute("data-said", now2);
      while (refused.firstChild) refused.removeChild(refused.firstChild);
      var items = said.length ? said : ["None"];
      for (var j = 0; j < items.length; j++) refused.appendChild(el("li", "", items[j]));
    }
    if (s.join !== qrFor) {
      qrFor = s.join;
      get("/teacher/qr.svg", function (svg) { if (svg) $("qr").innerHTML = svg; });
      text("url", s.url);
    }
    tick();
  }
  function poll() {
    get("/teacher/status.json", function (t) {
      if (t) { try { render(JSON.parse(t)); } catch (e) { /* next poll */ } }
    });
  }
  // The absent's names stay shown or hidden as the teacher left them, even
  // when the page reloads itself (after Close, Open, a new code mode).
  var box = $("absent-box");
  if (box) {
    try {
      var kept = window.sessionStorage.getItem("rollcall-absent");
      if (kept === "open" || kept === "closed") box.open = kept === "open";
      box.addEventListener("toggle", function () {
        try { window.sessionStorage.setItem("rollcall-absent", box.open ? "open" : "closed"); } catch (e) { /* private mode */ }
      }, false);
    } catch (e) { /* no storage: it starts hidden */ }
  }
  setInterval(poll, 2000);
  setInterval(function () { left--; if (closesIn !== null) closesIn--; tick(); }, 1000);
  poll();
})();
