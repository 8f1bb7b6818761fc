// "Ký số" through the VGCA Sign Service installed on the signer's computer (templates/reports/signing/vgca_sign.html).
// The service's protocol is a LEAD (research notes §Q6); everything the browser knows of it is in this file, and the
// server's side in reports/vgca.py. Served by the portal: the Content Security Policy allows no inline script, and
// connect-src names the service's address (settings VGCA_SERVICE_URL).
//
// On load the script opens a connection to the service's version method: when it opens within the time given, the
// "Ký số" button is shown; otherwise the box says the service was not found and points to the upload form, which is
// there without JavaScript too. "Ký số" asks the portal for a ticket (a short-lived, single-use pair of URLs: the PDF
// to sign and the address that receives the signed PDF), sends the service the request the portal composed, and
// shows the service's answer: on success the signing box is loaded again, on failure its message.
(function () {
  "use strict";
  const BOX = "[data-vgca-sign]";
  let servicePresent = null; // unknown until the probe ends; kept for a box loaded again after signing

  function texts(box) {
    return box.dataset;
  }

  function say(box, text, isError) {
    const status = box.querySelector("[data-vgca-status]");
    const alert = box.querySelector("[data-vgca-alert]");
    status.textContent = isError ? "" : text;
    alert.textContent = isError ? text : "";
    alert.hidden = !isError;
  }

  function probe(url, timeoutMs) {
    return new Promise(function (resolve) {
      let socket = null;
      let settled = false;
      function finish(present) {
        if (settled) return;
        settled = true;
        window.clearTimeout(timer);
        if (socket) {
          try {
            socket.close();
          } catch (error) {
            // already closed
          }
        }
        resolve(present);
      }
      const timer = window.setTimeout(function () {
        finish(false);
      }, timeoutMs);
      try {
        socket = new WebSocket(url);
      } catch (error) {
        finish(false); // an address the browser refuses outright (the Content Security Policy, a bad URL)
        return;
      }
      socket.addEventListener("open", function () {
        finish(true);
      });
      socket.addEventListener("error", function () {
        finish(false);
      });
    });
  }

  // Send one request to the service and wait for its one answer ({Status, Message, FileServer}).
  function callService(url, request, box) {
    return new Promise(function (resolve, reject) {
      let answered = false;
      let socket;
      try {
        socket = new WebSocket(url);
      } catch (error) {
        reject(new Error(texts(box).textAbsent));
        return;
      }
      socket.addEventListener("open", function () {
        socket.send(JSON.stringify(request));
      });
      socket.addEventListener("message", function (event) {
        answered = true;
        let answer;
        try {
          answer = JSON.parse(event.data);
        } catch (error) {
          answer = String(event.data).trim() === "0" ? { Status: 0 } : { Status: -1, Message: texts(box).textUnreadable };
        }
        socket.close();
        resolve(answer);
      });
      socket.addEventListener("error", function () {
        if (!answered) reject(new Error(texts(box).textClosed));
      });
      socket.addEventListener("close", function () {
        if (!answered) reject(new Error(texts(box).textClosed));
      });
    });
  }

  function askTicket(form) {
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          if (!response.ok || !data.service_url) {
            throw new Error(data.message || texts(form.closest(BOX)).textFailed);
          }
          return data;
        });
    });
  }

  // Load the page again in the background and put its new signing box in place of this one, the signature now
  // listed; the whole page is loaded again when that is not possible.
  function refresh(box, message) {
    const holder = box.closest("[data-signing-box]") || box.closest("[id]");
    if (!holder || !holder.id) {
      window.location.reload();
      return;
    }
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        const fresh = new DOMParser().parseFromString(html, "text/html").getElementById(holder.id);
        if (!fresh) throw new Error("no box");
        holder.replaceWith(fresh);
        const boxes = fresh.querySelectorAll(BOX);
        boxes.forEach(function (newBox) {
          show(newBox);
          say(newBox, message, false);
        });
        if (!boxes.length) {
          // The next step is someone else's: the new box has no "Ký số"; say the result in a region of its own,
          // added empty and filled a moment later so that screen readers announce it.
          const region = document.createElement("p");
          region.className = "small text-success mb-2";
          region.setAttribute("role", "status");
          region.dataset.vgcaStatus = "";
          const title = fresh.querySelector("h2, h3");
          if (title) title.after(region);
          else fresh.prepend(region);
          window.setTimeout(function () {
            region.textContent = message;
          }, 100);
        }
        const heading = fresh.querySelector("h2, h3, [tabindex]");
        if (heading) {
          heading.setAttribute("tabindex", "-1");
          heading.focus();
        }
      })
      .catch(function () {
        window.location.reload();
      });
  }

  function sign(box, form) {
    const button = form.querySelector("button");
    button.disabled = true;
    say(box, texts(box).textPreparing, false);
    askTicket(form)
      .then(function (ticket) {
        say(box, texts(box).textWaiting, false);
        return callService(ticket.service_url, ticket.request, box);
      })
      .then(function (answer) {
        if (Number(answer.Status) === 0) {
          say(box, texts(box).textDone, false);
          refresh(box, texts(box).textDone);
          return;
        }
        throw new Error(answer.Message || texts(box).textFailed + " (" + answer.Status + ")");
      })
      .catch(function (error) {
        button.disabled = false;
        say(box, error.message || texts(box).textFailed, true);
      });
  }

  function show(box) {
    const form = box.querySelector("form[data-vgca-form]");
    if (servicePresent) {
      form.hidden = false;
      say(box, "", false);
    } else {
      form.hidden = true;
      say(box, texts(box).textAbsent, false);
    }
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.matches || !form.matches("form[data-vgca-form]")) return;
    event.preventDefault();
    event.stopImmediatePropagation(); // portal.js's busy state is for forms that leave the page
    sign(form.closest(BOX), form);
  }, true);

  const boxes = document.querySelectorAll(BOX);
  if (!boxes.length) return;
  const first = boxes[0];
  boxes.forEach(function (box) {
    say(box, texts(box).textChecking, false);
  });
  probe(first.dataset.probeUrl, Number(first.dataset.probeTimeoutMs) || 1500).then(function (present) {
    servicePresent = present;
    document.querySelectorAll(BOX).forEach(show);
  });
})();
