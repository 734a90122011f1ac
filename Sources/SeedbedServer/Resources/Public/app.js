// Seedbed — small enhancements only; every page works without this file.
(function () {
  "use strict";
  // Destructive actions: ask in the browser, then tell the server the question was answered.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (!question) return;
    if (!window.confirm(question)) { event.preventDefault(); return; }
    if (!form.querySelector("input[name=confirmed]")) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = "confirmed"; input.value = "1";
      form.appendChild(input);
    }
  });
  // Captcha: clicking the image fetches a new page (a new captcha) without losing the typed account.
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.classList && target.classList.contains("captcha-img")) {
      var refresh = document.querySelector(".captcha-refresh");
      if (refresh) { refresh.click(); }
    }
  });
})();
// Job pages: poll the status instead of reloading the whole page; reload once the job has finished.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.getAttribute("data-finished") === "1" || !window.fetch) return;
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("progress");
  var text = box.querySelector(".progress-text");
  function tick() {
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (s) {
      if (s.finished) { window.location.reload(); return; }
      var percent = s.total > 0 ? Math.min(100, Math.floor(s.done * 100 / s.total)) : 0;
      if (bar) { bar.value = percent; }
      if (text) { text.textContent = s.total > 0 ? s.done.toLocaleString() + " / " + s.total.toLocaleString() + "（" + percent + "%）" : "准备中……"; }
      setTimeout(tick, 1000);
    }).catch(function () { setTimeout(tick, 3000); });
  }
  setTimeout(tick, 1000);
})();
