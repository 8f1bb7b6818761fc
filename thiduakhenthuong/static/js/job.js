// The page of a background job (templates/jobs/job_detail.html): while the job is queued or running, ask its JSON
// state every POLL_MS and move the progress bar; once it is finished, load the page again, which shows the result
// or the failure as the server renders it. Served by the portal: the Content Security Policy allows no inline script.
(function () {
  "use strict";
  const POLL_MS = 1500;
  const box = document.querySelector("[data-job-state-url]");
  if (!box || box.dataset.jobFinished === "true") {
    return;
  }
  const url = box.dataset.jobStateUrl;
  const stateLabel = box.querySelector("[data-job-state]");
  const count = box.querySelector("[data-job-count]");
  const bar = box.querySelector("[data-job-progress]");
  const attempts = box.querySelector("[data-job-attempts]");

  const BADGES = { queued: "text-bg-secondary", running: "text-bg-primary" };

  function show(state) {
    if (state.finished) {
      window.location.reload();
      return;
    }
    stateLabel.classList.remove(...Object.values(BADGES));
    stateLabel.classList.add(BADGES[state.state] || "text-bg-secondary");
    stateLabel.textContent = state.state_label.charAt(0).toUpperCase() + state.state_label.slice(1);
    count.textContent = state.total ? ": " + state.done + "/" + state.total : "";
    bar.value = state.percent;
    bar.textContent = state.percent + "%";
    if (attempts) {
      attempts.textContent = state.attempts + attempts.textContent.slice(attempts.textContent.indexOf("/"));
    }
    window.setTimeout(poll, POLL_MS);
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(show)
      .catch(function () {
        window.setTimeout(poll, POLL_MS * 4); // a restart or a lost connection: try again a little later
      });
  }

  window.setTimeout(poll, POLL_MS);
})();
