// Recipients of a decision: add and remove rows without a page reload and without losing what was typed.
(function () {
  "use strict";
  const rows = document.getElementById("recipient-rows");
  const template = document.getElementById("recipient-row-template");
  const total = document.getElementById("id_r-TOTAL_FORMS");
  const notice = document.getElementById("removed-notice");
  let lastRemoved = null;

  function visibleRows() {
    return Array.from(rows.querySelectorAll("tr.recipient-row:not(.recipient-removed)"));
  }

  const announce = document.getElementById("row-announce");

  // A long decision is edited a page at a time: its rows are numbered from the page's first line.
  const firstLine = parseInt(rows.dataset.firstLine || "1", 10);

  function renumber() {
    // The visible number and the one in each field's hidden label ("Recipient, row 2").
    visibleRows().forEach((row, index) => {
      row.querySelector(".line-no").textContent = index + firstLine;
      row.querySelectorAll(".row-n").forEach((span) => { span.textContent = index + firstLine; });
    });
  }

  function say(text) {
    // The status region is emptied first so that the same words are read again.
    announce.textContent = "";
    window.setTimeout(() => { announce.textContent = text; }, 50);
  }

  function nameField(row) {
    return row.querySelector("input[name$='-recipient_name']");
  }

  function syncGrassroots(row) {
    // A family always counts as grassroots; the server applies the same rule.
    const kind = row.querySelector("select[name$='-recipient_kind']");
    const box = row.querySelector("input[name$='-is_grassroots']");
    if (!kind || !box) return;
    if (kind.value === "family") { box.checked = true; box.disabled = true; } else { box.disabled = false; }
  }

  // The statistics classes a row takes: a class of individual for an individual, enterprise or not for a
  // collective, the proposing body for a State award. The others are hidden and emptied (the server drops them).
  const stateTypes = new Set((rows.dataset.stateTypes || "").split(" ").filter(Boolean));

  function syncClasses(row) {
    const kind = row.querySelector("select[name$='-recipient_kind']");
    const award = row.querySelector("select[name$='-award_type']");
    if (!kind || !award) return;
    const applies = { individual: kind.value === "individual", collective: kind.value === "collective", state: stateTypes.has(award.value) };
    let shown = 0;
    row.querySelectorAll("select.row-class").forEach((select) => {
      const on = applies[select.dataset.for];
      select.closest(".row-class-field").classList.toggle("d-none", !on);
      if (!on) select.value = "";
      if (on) shown += 1;
    });
    const none = row.querySelector(".row-class-none");
    if (none) none.classList.toggle("d-none", shown > 0);
  }

  function addRow(focus = true) {
    const index = parseInt(total.value, 10);
    const holder = document.createElement("tbody");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index)).trim();
    const row = holder.querySelector("tr");
    const previous = visibleRows().pop();
    if (previous) {
      for (const name of ["award_type", "commendation_kind", "recipient_kind"]) {
        const from = previous.querySelector(`select[name$='-${name}']`);
        const to = row.querySelector(`select[name$='-${name}']`);
        if (from && to) to.value = from.value;
      }
    }
    rows.appendChild(row);
    total.value = String(index + 1);
    syncGrassroots(row);
    syncClasses(row);
    renumber();
    if (focus) {
      say(`${announce.dataset.added} ${visibleRows().length + firstLine - 1}`);
      nameField(row).focus();
    }
  }

  function removeRow(row) {
    // The focus goes to the row that takes its place (or the one above, or the "Add a row" button), never lost.
    const before = visibleRows();
    const at = before.indexOf(row);
    const next = before[at + 1] || before[at - 1];
    row.querySelector("input[name$='-DELETE']").checked = true;
    row.classList.add("recipient-removed");
    lastRemoved = row;
    const name = nameField(row).value || "…";
    const text = `${notice.dataset.text} ${name}`;
    notice.querySelector(".text").textContent = text;
    notice.classList.remove("d-none");
    renumber();
    say(text);
    if (next) nameField(next).focus();
    else document.getElementById("add-recipient").focus();
  }

  function pasteRows(text) {
    // Lines copied from a spreadsheet: cells separated by tabs (name, position, unit or address).
    const lines = text.split(/\r?\n/).map((line) => line.split("\t")).filter((cells) => cells[0].trim());
    for (const cells of lines) {
      let row = visibleRows().pop();
      if (!row || row.querySelector("input[name$='-recipient_name']").value.trim()) {
        addRow(false);
        row = visibleRows().pop();
      }
      const fields = ["recipient_name", "position", "workplace"];
      fields.forEach((name, index) => {
        row.querySelector(`input[name$='-${name}']`).value = (cells[index] || "").trim();
      });
    }
    renumber();
  }

  document.getElementById("add-recipient").addEventListener("click", () => addRow());
  document.getElementById("toggle-paste").addEventListener("click", () => {
    document.getElementById("paste-panel").classList.toggle("d-none");
    document.getElementById("paste-text").focus();
  });
  document.getElementById("paste-rows").addEventListener("click", () => {
    const area = document.getElementById("paste-text");
    pasteRows(area.value);
    area.value = "";
    document.getElementById("paste-panel").classList.add("d-none");
  });
  document.getElementById("undo-remove").addEventListener("click", () => {
    if (!lastRemoved) return;
    lastRemoved.querySelector("input[name$='-DELETE']").checked = false;
    lastRemoved.classList.remove("recipient-removed");
    const restored = lastRemoved;
    lastRemoved = null;
    notice.classList.add("d-none");
    renumber();
    say(announce.dataset.restored);
    nameField(restored).focus();
  });
  rows.addEventListener("click", (event) => {
    const button = event.target.closest(".remove-recipient");
    if (button) removeRow(button.closest("tr"));
  });
  rows.addEventListener("change", (event) => {
    if (event.target.matches("select[name$='-recipient_kind']")) syncGrassroots(event.target.closest("tr"));
    if (event.target.matches("select[name$='-recipient_kind'], select[name$='-award_type']")) {
      syncClasses(event.target.closest("tr"));
    }
  });
  rows.querySelectorAll("tr.recipient-row").forEach((row) => { syncGrassroots(row); syncClasses(row); });
  if (!rows.querySelector("tr.recipient-row")) addRow(false);
  renumber();
})();
