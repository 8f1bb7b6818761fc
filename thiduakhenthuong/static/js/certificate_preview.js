// The certificate template's live preview (admin): the change form as it stands is posted to the preview view
// (same origin, with its CSRF token; the background file left out) and the PNG returned replaces the image, as a
// data: URL since the Content Security Policy allows images from 'self' and data: only.
(function () {
  "use strict";
  function start() {
    var image = document.getElementById("certificate-preview");
    var status = document.getElementById("certificate-preview-status");
    if (!image) { return; }
    var form = image.closest("form");
    var timer = null;
    var pending = 0;
    function redraw() {
      var data = new FormData(form);
      data.delete("background");
      var ticket = ++pending;
      status.textContent = "…";
      fetch(image.dataset.url, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.blob();
        })
        .then(function (blob) {
          var reader = new FileReader();
          reader.onload = function () {
            if (ticket === pending) { image.src = reader.result; status.textContent = ""; }
          };
          reader.readAsDataURL(blob);
        })
        .catch(function () { if (ticket === pending) { status.textContent = "⚠"; } });
    }
    function later() {
      clearTimeout(timer);
      timer = setTimeout(redraw, 400);
    }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
