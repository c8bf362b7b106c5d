// The teacher's screen, kept live. Every two seconds it asks the server
// for the screen's live regions (/teacher/parts.json), drawn as HTML by
// the same code that drew the page (src/teacher/page.rs), and swaps in
// those that changed; once a second it counts down the seconds the server
// wrote into the page. It draws nothing of its own, so the screen's
// markup and words stay in one place. Plain ES5 (a Windows 7 laptop may
// still run Internet Explorer 11). Without scripts the page refreshes
// itself instead (<noscript>).
(function () {
  "use strict";
  var body = document.body;
  // The run and the layout this page was drawn with. Another run (rollcall
  // restarted: the buttons' secret is stale) or another layout (Close,
  // Open, another kind of code, another late rule: parts no region holds)
  // loads the page again.
  var last = { run: body.getAttribute("data-run"), layout: body.getAttribute("data-layout") };
  // Each region's HTML as the server last sent it: the countdown changes
  // what the page shows in between, so the page itself is no guide.
  var drawn = {};
  var qrFor = null;

  function $(id) { return document.getElementById(id); }
  function get(url, done) {
    var x = new XMLHttpRequest();
    x.open("GET", url, true);
    x.onreadystatechange = function () {
      if (x.readyState === 4) done(x.status === 200 ? x.responseText : null);
    };
    x.send();
  }
  function swap(parts) {
    for (var id in parts) {
      if (!parts.hasOwnProperty(id) || drawn[id] === parts[id]) continue;
      var region = $(id);
      // Not while the teacher is typing (a reason, say) or has a button
      // ready inside it: the next poll will.
      if (!region || region.contains(document.activeElement)) continue;
      region.innerHTML = parts[id];
      drawn[id] = parts[id];
    }
  }
  function render(s) {
    if (s.run !== last.run || s.layout !== last.layout) {
      location.reload(); return;
    }
    swap(s.parts);
    // The regions that come and go: what to check when no phone arrives,
    // the phones' word on the clock, Undo.
    for (var id in s.hidden) {
      if (s.hidden.hasOwnProperty(id) && $(id) && $(id).hidden !== s.hidden[id]) $(id).hidden = s.hidden[id];
    }
    // Marks the list as the script's own (the browser tests wait for it).
    var list = $("marked");
    if (list.getAttribute("data-polled") !== "yes") list.setAttribute("data-polled", "yes");
    // The QR code carries the code: a new code, a new picture.
    if (s.join !== qrFor) {
      qrFor = s.join;
      get("/teacher/qr.svg", function (svg) { if (svg) $("qr").innerHTML = svg; });
    }
  }
  function clock(n) {
    var m = Math.floor(n / 60), r = n % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }
  // Each element the server marked with data-secs (the new code's and the
  // closing's countdowns) one second on, in the server's own words.
  function tick() {
    var ticking = document.querySelectorAll("[data-secs]");
    for (var i = 0; i < ticking.length; i++) {
      var t = ticking[i], n = Math.max(parseInt(t.getAttribute("data-secs"), 10) - 1, 0);
      t.setAttribute("data-secs", String(n));
      t.textContent = t.getAttribute("data-said").replace("{}", t.hasAttribute("data-clock") ? clock(n) : String(n));
      // Its region (the span stands right in it) no longer shows what the
      // server sent: the next poll puts it right even if that is the same.
      delete drawn[t.parentNode.id];
    }
  }
  function poll() {
    get("/teacher/parts.json", function (t) {
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
  setInterval(tick, 1000);
  poll();
})();
