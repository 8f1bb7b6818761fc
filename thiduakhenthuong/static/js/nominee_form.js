// Nominees of a dossier: add and remove rows without losing what was typed, narrow each row's recipient kinds to
// those its award allows (the server checks again), and pick an individual's person record by a search that
// ignores accents ("trieu van binh" finds "Triệu Văn Bình"). Without this script the rows already on the page
// still work; the server renders one empty row for a new dossier.
(function () {
  "use strict";
  const rows = document.getElementById("nominee-rows");
  if (!rows) return;
  const template = document.getElementById("nominee-row-template");
  const total = document.getElementById("id_n-TOTAL_FORMS");
  const addButton = document.getElementById("add-nominee");
  const notice = document.getElementById("removed-notice");
  const status = document.getElementById("nominee-status");
  const texts = document.getElementById("person-texts").dataset;
  const peopleUrl = rows.dataset.peopleUrl;
  const maxRows = parseInt(rows.dataset.max, 10);
  const awardKinds = JSON.parse(rows.dataset.awardKinds); // award id → the recipient kinds it is given to
  let lastRemoved = null;

  // The portal's fold (kernel/lib/search.py): lower case, no diacritics, đ read as d, single spaces.
  const fold = (text) => (text || "").toLowerCase().replace(/đ/g, "d").normalize("NFD")
    .replace(/\p{Mn}/gu, "").replace(/\s+/g, " ").trim();

  const visibleRows = () => Array.from(rows.querySelectorAll("fieldset.nominee-row:not(.d-none)"));
  const field = (row, name) => row.querySelector(`[name$='-${name}']`);
  const numberOf = (row) => visibleRows().indexOf(row) + 1;

  function renumber() {
    visibleRows().forEach((row, index) => {
      row.querySelectorAll(".row-no").forEach((element) => { element.textContent = String(index + 1); });
    });
  }

  function announce(text) {
    // Emptied first so that the same words said twice are read twice.
    status.textContent = "";
    window.setTimeout(() => { status.textContent = text; }, 60);
  }

  // Recipient kinds ------------------------------------------------------------------------------------------

  function narrowKinds(row, keepValue) {
    const award = field(row, "award_type");
    const kind = field(row, "recipient_kind");
    const allowed = award.value && awardKinds[award.value] ? awardKinds[award.value].split(" ") : null;
    for (const option of kind.options) {
      // A value the server sent back with its message stays visible until the award or the kind changes.
      const ok = !allowed || allowed.includes(option.value) || (keepValue && option.selected);
      option.disabled = !ok;
      option.hidden = !ok;
    }
    if (kind.selectedOptions[0] && kind.selectedOptions[0].disabled) {
      const first = Array.from(kind.options).find((option) => !option.disabled);
      if (first) kind.value = first.value;
    }
    syncPerson(row, keepValue);
  }

  function checkName(row) {
    // A row renamed after its person was picked no longer names that person: the choice is cleared, and said.
    const hidden = field(row, "person");
    const picker = row.querySelector(".person-picker");
    const personName = picker.dataset.personName;
    if (!hidden.value || !personName || fold(field(row, "recipient_name").value) === fold(personName)) return;
    hidden.value = "";
    picker.dataset.personName = "";
    const search = row.querySelector(".person-search");
    if (search) search.value = "";
    closeList(row);
    row.querySelector(".person-note").textContent = texts.cleared;
  }

  function syncPerson(row, keepValue) {
    // Only an individual has a person record.
    const search = row.querySelector(".person-search");
    const hidden = field(row, "person");
    const individual = field(row, "recipient_kind").value === "individual";
    if (!individual && !(keepValue && hidden.value)) {
      hidden.value = "";
      if (search) search.value = "";
      closeList(row);
    }
    if (search) search.disabled = !individual && !hidden.value;
  }

  // Rows -----------------------------------------------------------------------------------------------------

  function addRow(focus = true) {
    if (visibleRows().length >= maxRows) {
      announce(status.dataset.full);
      return;
    }
    const index = parseInt(total.value, 10);
    const holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index)).trim();
    const row = holder.firstElementChild;
    const previous = visibleRows().pop();
    if (previous) {
      for (const name of ["award_type", "recipient_kind"]) field(row, name).value = field(previous, name).value;
    }
    rows.appendChild(row);
    total.value = String(index + 1);
    narrowKinds(row, false);
    renumber();
    if (!focus) return;
    field(row, "award_type").focus();
    announce(`${status.dataset.added} ${numberOf(row)}`);
  }

  function removeRow(row) {
    const position = visibleRows().indexOf(row);
    const name = field(row, "recipient_name").value.trim();
    const said = `${status.dataset.removed} ${position + 1}${name ? ` (${name})` : ""}`;
    field(row, "DELETE").checked = true;
    row.classList.add("d-none");
    closeList(row);
    lastRemoved = row;
    notice.querySelector(".text").textContent = `${said}.`;
    notice.classList.remove("d-none");
    renumber();
    // Focus goes to the row that took its place, else the one above, else the button adding one.
    const remaining = visibleRows();
    const next = remaining[position] || remaining[position - 1];
    (next ? field(next, "award_type") : addButton).focus();
    announce(said);
  }

  function undoRemove() {
    if (!lastRemoved) return;
    const row = lastRemoved;
    lastRemoved = null;
    field(row, "DELETE").checked = false;
    row.classList.remove("d-none");
    notice.classList.add("d-none");
    renumber();
    field(row, "award_type").focus();
    announce(`${status.dataset.restored} ${numberOf(row)}`);
  }

  // The person picker (an ARIA combobox with a list box of suggestions) --------------------------------------

  let timer = null;
  let pending = null;

  function listOf(row) { return row.querySelector(".person-options"); }

  function closeList(row) {
    const list = listOf(row);
    const search = row.querySelector(".person-search");
    if (!list || !search) return;
    list.hidden = true;
    list.replaceChildren();
    search.setAttribute("aria-expanded", "false");
    search.removeAttribute("aria-activedescendant");
  }

  function showResults(row, data) {
    const list = listOf(row);
    const search = row.querySelector(".person-search");
    list.replaceChildren();
    const items = data ? data.results : [];
    items.forEach((person, index) => {
      const item = document.createElement("li");
      item.className = "list-group-item list-group-item-action py-1";
      item.id = `${search.id}-option-${index}`;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      Object.assign(item.dataset, { id: String(person.id), label: person.label, name: person.name, position: person.position });
      const name = document.createElement("div");
      name.textContent = person.name;
      const detail = document.createElement("div");
      detail.className = "small text-muted";
      detail.textContent = person.detail;
      item.append(name, detail);
      list.append(item);
    });
    const remark = !data ? texts.failed : !items.length ? texts.none
      : data.more ? texts.many : data.total > items.length ? `${data.total - items.length} ${texts.more}` : "";
    if (remark) {
      const item = document.createElement("li");
      item.className = "list-group-item small text-muted py-1";
      item.setAttribute("aria-hidden", "true");
      item.textContent = remark;
      list.append(item);
    }
    list.hidden = false;
    search.setAttribute("aria-expanded", "true");
    search.removeAttribute("aria-activedescendant");
    announce(!items.length ? remark : data.more ? texts.many : `${data.total} ${status.dataset.found}`);
  }

  async function searchPeople(row) {
    const search = row.querySelector(".person-search");
    const text = search.value.trim();
    if (text.replace(/\s+/g, "").length < 2) {
      closeList(row);
      return;
    }
    if (pending) pending.abort();
    pending = new AbortController();
    let data = null;
    try {
      const response = await fetch(`${peopleUrl}?q=${encodeURIComponent(text)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: pending.signal,
      });
      if (response.ok) data = await response.json();
    } catch (error) {
      if (error.name === "AbortError") return;
    }
    if (document.activeElement === search) showResults(row, data);
  }

  function moveActive(row, step) {
    const search = row.querySelector(".person-search");
    const options = Array.from(listOf(row).querySelectorAll("[role=option]"));
    if (!options.length) return;
    const current = options.findIndex((option) => option.id === search.getAttribute("aria-activedescendant"));
    const next = options[(current + step + options.length) % options.length];
    options.forEach((option) => {
      const active = option === next;
      option.classList.toggle("active", active);
      option.setAttribute("aria-selected", String(active));
    });
    search.setAttribute("aria-activedescendant", next.id);
    next.scrollIntoView({ block: "nearest" });
  }

  function pick(row, option) {
    const search = row.querySelector(".person-search");
    field(row, "person").value = option.dataset.id;
    search.value = option.dataset.label;
    row.querySelector(".person-picker").dataset.personName = option.dataset.name;
    row.querySelector(".person-note").textContent = "";
    const name = field(row, "recipient_name");
    const position = field(row, "position");
    // The nominee is the person chosen: the row takes the record's name (the server refuses another).
    if (fold(name.value) !== fold(option.dataset.name)) name.value = option.dataset.name;
    if (!position.value.trim() && option.dataset.position) position.value = option.dataset.position;
    closeList(row);
    search.focus();
    announce(`${status.dataset.chosen} ${option.dataset.label}`);
  }

  // Events ---------------------------------------------------------------------------------------------------

  addButton.addEventListener("click", () => addRow());
  document.getElementById("undo-remove").addEventListener("click", undoRemove);
  rows.addEventListener("click", (event) => {
    const row = event.target.closest(".nominee-row");
    if (!row) return;
    if (event.target.closest(".remove-nominee")) removeRow(row);
    const option = event.target.closest("[role=option]");
    if (option) pick(row, option);
  });
  // A click on a suggestion keeps the focus in the search field.
  rows.addEventListener("mousedown", (event) => {
    if (event.target.closest(".person-options")) event.preventDefault();
  });
  rows.addEventListener("change", (event) => {
    const row = event.target.closest(".nominee-row");
    if (event.target.matches("select[name$='-award_type']")) narrowKinds(row, false);
    if (event.target.matches("select[name$='-recipient_kind']")) syncPerson(row, false);
    if (event.target.matches("input[name$='-recipient_name']")) checkName(row);
  });
  rows.addEventListener("input", (event) => {
    if (!event.target.matches(".person-search")) return;
    const row = event.target.closest(".nominee-row");
    field(row, "person").value = ""; // typing undoes a choice until a person is picked again
    window.clearTimeout(timer);
    timer = window.setTimeout(() => searchPeople(row), 250);
  });
  rows.addEventListener("keydown", (event) => {
    if (!event.target.matches(".person-search")) return;
    const row = event.target.closest(".nominee-row");
    const open = !listOf(row).hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!open) { searchPeople(row); return; }
      event.preventDefault();
      moveActive(row, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      const active = event.target.getAttribute("aria-activedescendant");
      event.preventDefault(); // Enter in the picker picks; it never submits the form
      if (open && active) pick(row, document.getElementById(active));
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      closeList(row);
    }
  });
  rows.addEventListener("focusout", (event) => {
    if (!event.target.matches(".person-search")) return;
    const row = event.target.closest(".nominee-row");
    window.setTimeout(() => { if (document.activeElement !== event.target) closeList(row); }, 150);
  });

  rows.querySelectorAll("fieldset.nominee-row").forEach((row) => narrowKinds(row, true));
  if (!visibleRows().length) addRow(false); // a page refused for having no nominee comes back with an empty row
  renumber();
  const errors = document.getElementById("form-errors");
  if (errors) errors.focus();
})();
