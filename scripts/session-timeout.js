// Inactivity warning (WCAG 2.2.1 Timing adjustable; HMRC "Service timeout" pattern).
// Signed-in pages render <dialog id="session-timeout" data-idle-seconds data-warn-seconds ...>.
// Activity on the page keeps the server session alive (at most one keep-alive a minute);
// two minutes before the 20-minute limit the dialog opens (focus moves into it and back
// afterwards); "Stay signed in" or Esc keeps the session; at the limit the browser goes to
// the sign-out route, which explains what happened. Answers are saved on every Continue,
// so nothing already saved is lost.
(() => {
  let lastActivity = Date.now();
  let lastPing = Date.now();
  let returnFocus = null;
  let lastAnnounced = "";

  const dialog = () => document.getElementById("session-timeout");
  const backend = (d) => d.dataset.backend || "";

  const keepAlive = (d) => {
    lastPing = Date.now();
    fetch(backend(d) + "/api/session/keepalive", { method: "POST", credentials: "include" }).catch(() => {});
  };

  // Plural forms come from the catalog as data-minutes-<category> / data-seconds-<category>.
  const plural = (d, unit, count) => {
    const category = new Intl.PluralRules(d.dataset.lang || "en").select(count);
    const attribute = (name) => d.getAttribute(`data-${unit}-${name}`);
    return (attribute(category) || attribute("other")).replace("{count}", count);
  };

  const remainingText = (d, seconds) =>
    seconds >= 60 ? plural(d, "minutes", Math.ceil(seconds / 60)) : plural(d, "seconds", seconds);

  const staySignedIn = () => {
    const d = dialog();
    lastActivity = Date.now();
    lastAnnounced = "";
    if (d) {
      keepAlive(d);
      if (d.open) d.close();
    }
    if (returnFocus && typeof returnFocus.focus === "function") returnFocus.focus();
    returnFocus = null;
  };

  ["keydown", "mousedown", "touchstart", "input"].forEach((name) =>
    document.addEventListener(name, () => {
      const d = dialog();
      if (!d || d.open) return;
      lastActivity = Date.now();
      if (Date.now() - lastPing > 60000) keepAlive(d);
    }, { passive: true, capture: true }));

  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("[data-stay-signed-in]")) {
      event.preventDefault();
      staySignedIn();
    }
  });
  // Keep Tab and Shift+Tab inside the open dialog (a modal dialog alone lets focus leave for the
  // browser's own controls), wrapping from the last control to the first and back.
  document.addEventListener("keydown", (event) => {
    const d = dialog();
    if (event.key !== "Tab" || !d || !d.open) return;
    const controls = Array.from(d.querySelectorAll("a[href], button:not([disabled])"));
    if (!controls.length) return;
    const first = controls[0];
    const last = controls[controls.length - 1];
    const active = document.activeElement;
    if (!d.contains(active) || (event.shiftKey ? active === first : active === last)) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    }
  }, true);

  // Esc on a modal dialog fires "cancel": treat it as "Stay signed in".
  document.addEventListener("cancel", (event) => {
    if (event.target && event.target.id === "session-timeout") {
      event.preventDefault();
      staySignedIn();
    }
  }, true);

  setInterval(() => {
    const d = dialog();
    if (!d) {
      lastActivity = Date.now();
      return;
    }
    const idle = Date.now() - lastActivity;
    const limit = Number(d.dataset.idleSeconds) * 1000;
    const warn = Number(d.dataset.warnSeconds) * 1000;
    if (idle >= limit) {
      const lang = d.dataset.lang === "cy" ? "&lang=cy" : "";
      window.location.assign(backend(d) + "/api/session/end?reason=timeout" + lang);
      return;
    }
    if (idle < limit - warn) return;
    if (!d.open) {
      returnFocus = document.activeElement;
      d.showModal();
    }
    const seconds = Math.ceil((limit - idle) / 1000);
    const text = remainingText(d, seconds);
    d.querySelector("[data-countdown]").textContent = text;
    const announce = seconds > 20 ? text : (seconds % 5 === 0 ? text : lastAnnounced);
    if (announce !== lastAnnounced) {
      lastAnnounced = announce;
      d.querySelector("[data-announce]").textContent = d.dataset.message.replace("{time}", announce);
    }
  }, 1000);
})();
