// Behaviour shared by every page, kept out of the HTML for a strict Content Security Policy (no inline script or
// event handler):
// - forms with data-confirm ask before they are sent;
// - a sent form's submit button is disabled and shows a spinner with "Đang xử lý…" (body's data-busy-text) until
//   the next page comes, so a slow action (issuing a decision or a report) cannot be sent twice;
// - a link to a generated file (PDF, Excel, Word) shows that the file is being prepared and ignores further clicks
//   for a few seconds;
// - a page returned with an error summary ([data-error-summary]) moves the focus to it.
(function () {
  "use strict";
  const DOWNLOAD = /\.(pdf|xlsx|docx)$/i;
  const DOWNLOAD_WAIT_MS = 6000;
  const body = document.body;

  function spinner() {
    const span = document.createElement("span");
    span.className = "spinner-border spinner-border-sm me-1";
    span.setAttribute("aria-hidden", "true");
    return span;
  }

  // Swap an element's content for a spinner and a text, keeping the original nodes to put back.
  const idleContent = new WeakMap();

  function showBusy(element, text) {
    idleContent.set(element, Array.from(element.childNodes));
    element.classList.add("is-busy");
    element.setAttribute("aria-busy", "true");
    element.replaceChildren(spinner(), document.createTextNode(text));
  }

  function showIdle(element) {
    const original = idleContent.get(element);
    if (original === undefined) return;
    element.replaceChildren(...original);
    idleContent.delete(element);
    element.classList.remove("is-busy");
    element.removeAttribute("aria-busy");
  }

  // A sent form whose answer never comes (the user stopped the page, the network failed) works again after this
  // long: longer than the server's own timeout, so that a slow answer is never sent twice.
  const SUBMIT_FALLBACK_MS = 90000;

  function formIdle(form, button) {
    delete form.dataset.busy;
    if (!button) return;
    showIdle(button);
    button.disabled = false;
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.dataset.busy) {
      event.preventDefault(); // already sent: a second press does nothing
      return;
    }
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (event.defaultPrevented || form.method.toLowerCase() !== "post") return;
    form.dataset.busy = "1";
    const button = event.submitter || form.querySelector("button[type=submit], button:not([type])");
    // Disabled after this event: the browser has then already read the pressed button's name and value.
    window.setTimeout(() => {
      if (!button) return;
      showBusy(button, body.dataset.busyText);
      button.disabled = true;
    }, 0);
    window.setTimeout(() => formIdle(form, button), SUBMIT_FALLBACK_MS);
  });

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || !DOWNLOAD.test(link.pathname) || link.dataset.noBusy !== undefined) return;
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (link.classList.contains("is-busy")) {
      event.preventDefault(); // the file is already being prepared
      return;
    }
    showBusy(link, body.dataset.downloadText);
    link.setAttribute("aria-disabled", "true");
    window.setTimeout(() => {
      showIdle(link);
      link.removeAttribute("aria-disabled");
    }, DOWNLOAD_WAIT_MS);
  });

  // Back to a page kept in the browser's memory: its buttons work again.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-busy]").forEach((form) => { delete form.dataset.busy; });
    document.querySelectorAll(".is-busy").forEach((element) => {
      showIdle(element);
      element.removeAttribute("aria-disabled");
      if (element.tagName === "BUTTON") element.disabled = false;
    });
  });

  // A form sent back with errors: the focus goes to its summary, or else to the first field in error.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
    summary.focus();
  } else {
    const invalid = document.querySelector("form [aria-invalid='true']");
    if (invalid) invalid.focus();
  }
})();
