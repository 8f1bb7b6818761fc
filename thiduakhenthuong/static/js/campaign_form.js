// A new campaign's method follows its kind until staff choose one (thematic → thematic, regular → regular).
(function () {
  "use strict";
  const kind = document.getElementById("id_kind");
  const method = document.getElementById("id_method");
  if (!kind || !method || !method.dataset.methodOfKind) return;
  const methodOf = Object.fromEntries(method.dataset.methodOfKind.split(" ").map((pair) => pair.split(":")));
  let chosen = method.value !== "";
  method.addEventListener("change", () => { chosen = method.value !== ""; });
  function follow() { if (!chosen) method.value = methodOf[kind.value] || ""; }
  kind.addEventListener("change", follow);
  follow();
})();
