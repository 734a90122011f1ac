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
// 统一社会信用代码: live checksum feedback (GB 32100); the server checks again.
(function () {
  "use strict";
  var input = document.querySelector(".uscc-live input[name=uscc]");
  var out = document.querySelector(".uscc-feedback");
  if (!input || !out) return;
  var chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  var weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  function normalise(s) {
    return s.replace(/[\uFF01-\uFF5E]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); })
      .replace(/\s|\u3000/g, "").toUpperCase();
  }
  function check() {
    var code = normalise(input.value);
    out.className = "help uscc-feedback";
    if (!code) { out.textContent = ""; return; }
    if (code.length !== 18) { out.textContent = "应为 18 位，当前 " + code.length + " 位"; out.className += " bad"; return; }
    var sum = 0;
    for (var i = 0; i < 17; i++) {
      var v = chars.indexOf(code.charAt(i));
      if (v < 0) { out.textContent = "第 " + (i + 1) + " 位“" + code.charAt(i) + "”不是合法字符"; out.className += " bad"; return; }
      sum += v * weights[i];
    }
    var expected = chars.charAt((31 - sum % 31) % 31);
    if (code.charAt(17) !== expected) { out.textContent = "校验位应为“" + expected + "”，请核对"; out.className += " bad"; return; }
    out.textContent = "校验通过"; out.className += " ok";
  }
  input.addEventListener("input", check);
  check();
})();
// 注册地: province → city → county selects that fill the county-code field (typing the code works without JS).
// A code already in the field (a returned registration filed again) is shown chosen in the selects.
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".region-cascade");
  if (!boxes.length || !window.fetch) return;
  fetch(boxes[0].getAttribute("data-source")).then(function (r) { return r.json(); }).then(function (tree) {
    Array.prototype.forEach.call(boxes, function (box) { cascade(box, tree); });
  });
  function cascade(box, tree) {
    var input = box.querySelector("input");
    if (!input) return;
    var picks = document.createElement("div");
    picks.className = "region-picks";
    var selects = [document.createElement("select"), document.createElement("select"), document.createElement("select")];
    var labels = ["省份", "城市", "区县"];
    selects.forEach(function (s, i) { s.setAttribute("aria-label", labels[i]); picks.appendChild(s); });
    input.parentNode.insertBefore(picks, input);
    function fill(select, items, placeholder) {
      select.innerHTML = "";
      var o = document.createElement("option"); o.value = ""; o.textContent = placeholder; select.appendChild(o);
      items.forEach(function (item, index) {
        var opt = document.createElement("option"); opt.value = String(index); opt.textContent = item.n; select.appendChild(opt);
      });
    }
    fill(selects[0], tree, "请选择省份"); fill(selects[1], [], "请选择城市"); fill(selects[2], [], "请选择区县");
    selects[0].addEventListener("change", function () {
      var p = tree[selects[0].value]; fill(selects[1], p ? p.c : [], "请选择城市"); fill(selects[2], [], "请选择区县"); input.value = "";
    });
    selects[1].addEventListener("change", function () {
      var p = tree[selects[0].value]; var c = p && p.c[selects[1].value]; fill(selects[2], c ? c.c : [], "请选择区县"); input.value = "";
    });
    selects[2].addEventListener("change", function () {
      var p = tree[selects[0].value]; var c = p && p.c[selects[1].value]; var k = c && c.c[selects[2].value];
      input.value = k ? k.k : "";
    });
    var code = input.value.trim();
    if (!code) return;
    tree.some(function (p, i) {
      return p.c.some(function (c, j) {
        return c.c.some(function (k, m) {
          if (k.k !== code) return false;
          selects[0].value = String(i); fill(selects[1], p.c, "请选择城市"); selects[1].value = String(j);
          fill(selects[2], c.c, "请选择区县"); selects[2].value = String(m);
          return true;
        });
      });
    });
  }
})();
// 审核 dialog: the review form, inline under the filing without JavaScript, moves into a <dialog> that the
// page header's 审核 button opens. Browsers without <dialog> keep the inline form.
(function () {
  "use strict";
  if (typeof HTMLDialogElement !== "function") return;
  Array.prototype.forEach.call(document.querySelectorAll("[data-open-dialog]"), function (button) {
    var form = document.getElementById(button.getAttribute("data-open-dialog"));
    if (!form) return;
    var dialog = document.createElement("dialog");
    dialog.className = "review-dialog";
    dialog.setAttribute("aria-label", button.textContent);
    document.body.appendChild(dialog);
    dialog.appendChild(form);
    var close = form.querySelector("[data-close-dialog]");
    if (close) {
      close.hidden = false;
      close.addEventListener("click", function () { dialog.close(); });
    }
    button.hidden = false;
    button.addEventListener("click", function () { dialog.showModal(); });
  });
})();
