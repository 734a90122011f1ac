// 待办悬浮提示: the close button (hidden without JavaScript) hides the notice; it stays hidden for this browser
// session until the number of open to-dos changes.
(function () {
  "use strict";
  var notice = document.getElementById("todo-notice");
  if (!notice) return;
  var key = "seedbed.todo-notice.dismissed";
  var count = notice.getAttribute("data-count") || "";
  try {
    if (window.sessionStorage && sessionStorage.getItem(key) === count) {
      notice.hidden = true;
      return;
    }
  } catch (e) { /* storage refused: the notice simply shows */ }
  var close = notice.querySelector("[data-dismiss-notice]");
  if (!close) return;
  close.hidden = false;
  close.addEventListener("click", function () {
    notice.hidden = true;
    try { if (window.sessionStorage) sessionStorage.setItem(key, count); } catch (e) { /* ignored */ }
  });
})();
