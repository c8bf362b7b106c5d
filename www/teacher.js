// The teacher's screen, kept live. Every two seconds it asks the server
// for the screen's live regions (/teacher/parts.json), drawn as HTML by
// the same code that drew the page (src/teacher/page.rs), and swaps in
// those that changed; once a second it counts down the seconds the server
// wrote into the page. It draws nothing of its own, so the screen's
// markup and words stay in one place: when rollcall stops answering, it
// only shows the words the page already holds and greys the screen (a
// class on the body). Plain ES5 (a Windows 7 laptop may still run
// Internet Explorer 11). Without scripts the page refreshes itself
// instead (<noscript>).
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
  // Polls unanswered in a row (two: rollcall is not answering), whether
  // the screen says so, and whether a button was pressed meanwhile.
  var missed = 0, down = false, lost = false;
  // The submit button last clicked (Enter in a field clicks its form's).
  var clicked = null;

  function $(id) { return document.getElementById(id); }
  // GETs `url`; `done` gets the text, or null for no answer (rollcall
  // stopped, or silent for 4 s) or any other status than 200.
  function get(url, done) {
    var x = new XMLHttpRequest();
    x.open("GET", url, true);
    x.timeout = 4000;
    x.onreadystatechange = function () {
      if (x.readyState === 4) done(x.status === 200 ? x.responseText : null);
    };
    x.send();
  }
  function keep(key, value) {
    try { window.sessionStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }
  function kept(key) {
    try { return window.sessionStorage.getItem(key); } catch (e) { return null; }
  }
  function swap(parts) {
    for (var id in parts) {
      if (!parts.hasOwnProperty(id) || drawn[id] === parts[id]) continue;
      var region = $(id);
      // Not while the teacher is typing (a reason, say), has a button
      // ready inside it or has ticked students in it: the next poll will.
      if (!region || region.contains(document.activeElement)) continue;
      if (region.querySelector("input:checked")) continue;
      region.innerHTML = parts[id];
      drawn[id] = parts[id];
    }
  }
  // Draws the poll's answer; true when the page is loading itself again.
  function render(s) {
    if (s.run !== last.run || s.layout !== last.layout) {
      location.reload(); return true;
    }
    swap(s.parts);
    // The regions that come and go: what to check when no phone arrives,
    // the phones' word on the clock, Undo, the spot check, the heads.
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
    return false;
  }
  // Says (or stops saying) that rollcall is not answering: the page's own
  // words shown, the code and its countdown greyed and stopped.
  function setDown(on) {
    if (on === down) return;
    down = on;
    body.className = on ? body.className + " not-answering" : body.className.replace(/ ?not-answering/g, "");
    $("down").hidden = !on;
    if (!on) $("down-pressed").hidden = true;
  }
  // After a button that did nothing while rollcall was not answering (the
  // page may have loaded itself again since): say so, once.
  function sayLost() {
    if (kept("rollcall-lost") !== "yes") return;
    keep("rollcall-lost", "no");
    $("down-lost").hidden = false;
  }
  function clock(n) {
    var m = Math.floor(n / 60), r = n % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }
  // Each element the server marked with data-secs (the new code's and the
  // closing's countdowns) one second on, in the server's own words; not
  // while rollcall is not answering (its code is no use then).
  function tick() {
    if (down) return;
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
      var s = null;
      if (t) { try { s = JSON.parse(t); } catch (e) { s = null; } }
      if (!s) {
        missed++;
        if (missed >= 2) setDown(true);
        return;
      }
      missed = 0;
      setDown(false);
      if (lost) { lost = false; keep("rollcall-lost", "yes"); }
      if (!render(s)) sayLost();
    });
  }
  // A button's form goes only once rollcall answers, as this page's run:
  // a form sent to a rollcall that is not answering would leave the
  // browser's "This site can't be reached" page, which does not come back.
  document.addEventListener("click", function (e) {
    if (e.target && e.target.type === "submit") clicked = e.target;
  }, true);
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.rollcallGo) { form.rollcallGo = false; return; }
    e.preventDefault();
    if (form.rollcallAsking) return;
    form.rollcallAsking = true;
    var button = clicked && clicked.form === form ? clicked : null;
    get("/teacher/ping", function (run) {
      form.rollcallAsking = false;
      if (run === null) {
        lost = true;
        setDown(true);
        $("down-pressed").hidden = false;
      } else if (run !== last.run) {
        // Restarted since this page was drawn: its secret is stale.
        keep("rollcall-lost", "yes");
        location.reload();
      } else {
        form.rollcallGo = true;
        if (button) button.click(); else form.submit();
      }
    });
  }, true);
  // The absent's names and the whole class's view stay shown or hidden as
  // the teacher left them, even when the page reloads itself (after Close,
  // Open, a new code mode, a button).
  function keepOpen(id, key) {
    var box = $(id);
    if (!box) return;
    var was = kept(key);
    if (was === "open" || was === "closed") box.open = was === "open";
    box.addEventListener("toggle", function () { keep(key, box.open ? "open" : "closed"); }, false);
  }
  keepOpen("absent-box", "rollcall-absent");
  keepOpen("class-box", "rollcall-class");
  sayLost();
  setInterval(poll, 2000);
  setInterval(tick, 1000);
  poll();
})();
