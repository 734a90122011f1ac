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
