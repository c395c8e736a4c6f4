// What happens when a new page appears.
// 1. Its language: one app serves both, and a page's language follows its address (/cy/… is
//    Welsh), so <html lang> is set from the address on every page change (WCAG 3.1.1).
// 2. Where focus goes (WCAG 2.4.3 Focus order, 4.1.3 Status messages). Links and buttons inside the app change page without a full load, so the browser does not
// move focus itself; after each such change focus moves to the new page's main heading, which
// screen readers then read out. A success banner (role="alert") takes focus instead, as
// govuk-frontend's NotificationBanner does, and an error summary is focused by the server's
// own script, which this never overrides.
(() => {
  "use strict";

  let timer = null;

  const setLanguage = () => {
    document.documentElement.lang = /^\/cy(\/|$)/.test(window.location.pathname) ? "cy" : "en";
  };
  setLanguage();

  const errorSummaryFocused = () => {
    const active = document.activeElement;
    return Boolean(active && active.closest && active.closest(".govuk-error-summary"));
  };

  const banner = () => document.querySelector("main .govuk-notification-banner[role='alert']");

  const moveFocus = (target) => {
    if (!target || errorSummaryFocused()) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
  };

  // The headings that can say which page this is: the h1, and where the h1 stays the same from one
  // address to the next (the child's name above the stage tabs), the heading marked data-page-heading
  // (the stage shown), which takes focus when only it has changed.
  const H1 = "main h1";
  const MARKED = "main [data-page-heading]";
  const snapshot = () => [H1, MARKED].map((selector) => {
    const element = document.querySelector(selector);
    return {selector, element, text: element ? element.textContent : ""};
  });

  // The old page stays on screen until the new one renders: wait until a heading is a new element or
  // says something new, and an application page has been filled for this address.
  const whenShown = (before) => {
    clearInterval(timer);
    const started = Date.now();
    const focusedBefore = document.activeElement;
    timer = setInterval(() => {
      const marker = document.querySelector("[data-loaded]");
      const filled = !marker || marker.getAttribute("data-loaded") === window.location.pathname;
      const fresh = before.find(({selector, element, text}) => {
        const now = document.querySelector(selector);
        return now && (now !== element || now.textContent !== text);
      });
      if ((fresh && filled) || Date.now() - started > 4000) {
        clearInterval(timer);
        const now = document.activeElement;
        const movedByUser = now && now !== document.body && now !== focusedBefore && now.isConnected;
        if (!movedByUser) {
          const heading = () => document.querySelector(fresh ? fresh.selector : H1);
          const target = banner() || heading();
          moveFocus(target);
          keepFocus(target, heading);
        }
      }
    }, 50);
  };

  // The page may still change under the focus for a moment — its data arrives, a success
  // banner appears, a placeholder heading is swapped for the real one — so keep focus on the
  // new page's heading (or banner) until the parent moves it themselves.
  const keepFocus = (focused, heading) => {
    const since = Date.now();
    let current = focused;
    const watch = setInterval(() => {
      const active = document.activeElement;
      const lost = !active || active === document.body || !active.isConnected;
      if (!lost && active !== current) {
        clearInterval(watch);  // the parent (or an error summary) has moved focus on
        return;
      }
      const shown = banner();
      const target = shown || heading();
      if (target && (lost || (shown && current !== shown))) {
        moveFocus(target);
        current = target;
      }
      if (Date.now() - since > 3000) clearInterval(watch);
    }, 50);
  };

  const routeChanged = () => {
    setLanguage();
    whenShown(snapshot());
  };

  let drawing = false;  // ehcnaShowPage is moving to a page the server has drawn already
  ["pushState", "replaceState"].forEach((name) => {
    const original = window.history[name];
    window.history[name] = function (...args) {
      const before = window.location.pathname;
      const result = original.apply(this, args);
      if (window.location.pathname !== before && !drawing) routeChanged();
      return result;
    };
  });
  window.addEventListener("popstate", () => { if (!drawing) routeChanged(); });

  // 3. A page the server drew in the same event that saved (Save & Continue, Back: state/application.py
  // _show_page) gets its address here, without a second round trip. React Router must learn the new
  // address (every later event names it), so it is told as the browser tells it of Back: a popstate. Reflex
  // runs a route's on_load on every address change except one whose history state says fromNotFound
  // (reflex_base/.templates/web/utils/state.js), so the entry is pushed with that, which is then cleared:
  // Back and Forward to it, and a refresh, load the page from the server as any other address does.
  window.ehcnaShowPage = (url, title) => {
    const previous = window.history.state || {};
    const entry = {key: Math.random().toString(36).slice(2, 10),
                   idx: (typeof previous.idx === "number" ? previous.idx : 0) + 1};
    drawing = true;
    try {
      window.history.pushState({...entry, usr: {fromNotFound: true}}, "", url);
      window.dispatchEvent(new PopStateEvent("popstate", {state: window.history.state}));
      window.history.replaceState({...entry, usr: null}, "", url);
    } finally {
      drawing = false;
    }
    document.title = title;
    setLanguage();
    whenShown(snapshot().map((heading) => ({...heading, element: null})));  // filled once data-loaded says so
  };

  // After a full page load only a success banner takes focus (the skip link stays first);
  // it may appear once the page's data has arrived, so look for it for a few seconds.
  const started = Date.now();
  const initial = setInterval(() => {
    const shown = banner();
    const moved = document.activeElement && document.activeElement !== document.body;
    if (shown || moved || Date.now() - started > 3000) {
      clearInterval(initial);
      if (shown && !moved) moveFocus(shown);
    }
  }, 100);
})();
