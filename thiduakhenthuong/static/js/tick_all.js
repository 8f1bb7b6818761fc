// A list's "tick every row" box: ticks or unticks every row's box of the page.
(function () {
  "use strict";
  const all = document.getElementById("tick-all");
  if (!all) return;
  all.addEventListener("change", () => {
    document.querySelectorAll(".row-tick").forEach((box) => { box.checked = all.checked; });
  });
})();
