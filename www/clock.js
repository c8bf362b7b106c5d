// Sends this phone's clock with the check-in, so that the teacher learns
// when the laptop's clock is wrong (src/phone_clocks.rs). Nothing else: the
// form works the same without it. Plain ES5, for old phones.
(function () {
  "use strict";
  var form = document.getElementById("checkin");
  if (!form) return;
  form.onsubmit = function () {
    var now = new Date();
    // The phone's local wall-clock time, in milliseconds since 1970.
    document.getElementById("phone_time").value =
      String(now.getTime() - now.getTimezoneOffset() * 60000);
  };
})();
