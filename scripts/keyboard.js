// What govuk-frontend's own scripts do for keyboard and screen reader users, for markup the app draws
// itself (issue 24: a keyboard-only test of every journey from Home to Step 2). Delegated from the
// document, so it holds for every element React draws later.
// 1. A link drawn as a button (<a role="button">: "Start now", "Continue", "Add child") is pressed with
//    Space as well as Enter, as govuk-frontend's Button does; Space no longer scrolls the page.
// 2. An error summary's link focuses its field and scrolls the field's label or legend into view (the
//    browser's own jump put the field at the very top edge, its label and error message out of sight),
//    as govuk-frontend's ErrorSummary does.
// 3. Enter in a search box (data-enter-presses="<button id>") presses its Search button instead of
//    sending the whole form.
// 4. Focus follows what a press shows: a button with data-focus-after="<id>" moves focus to that element
//    once it is drawn (and, with data-focus-signal="<id>", once that live region has changed: the server
//    has answered); an element drawn with data-focus-on-show takes focus when it appears (a question
//    asking "Are you sure?", the banner saying it is done), and gives it back to what had it when it goes.
(() => {
  "use strict";

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    if (event.key === " " && target.matches("a[role='button']")) {
      event.preventDefault();
      target.click();
    } else if (event.key === "Enter" && target.matches("input[data-enter-presses]")) {
      const search = document.getElementById(target.getAttribute("data-enter-presses"));
      if (search) {
        event.preventDefault();
        search.focus();  // as if Search had been pressed: focus then follows its answer
        search.click();
      }
    }
  });

  const labelOf = (field) => {
    const legend = field.closest("fieldset")?.querySelector("legend");
    if (legend && (field.type === "radio" || field.type === "checkbox" || field.closest(".govuk-date-input"))) {
      return legend;
    }
    return (field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`)) || legend || null;
  };

  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest(".govuk-error-summary__list a") : null;
    if (!link) return;
    const id = decodeURIComponent((link.getAttribute("href") || "").replace(/^#/, ""));
    const field = id && document.getElementById(id);
    if (!field) return;
    event.preventDefault();
    (labelOf(field) || field).scrollIntoView();
    field.focus({preventScroll: true});
  });

  const focusOn = (element) => {
    if (!element.matches("a, button, input, select, textarea") && !element.hasAttribute("tabindex")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  };

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-focus-after]") : null;
    if (!button) return;
    const targetId = button.getAttribute("data-focus-after");
    const signal = document.getElementById(button.getAttribute("data-focus-signal") || "");
    const before = signal ? signal.textContent : null;
    const existed = document.getElementById(targetId);
    const started = Date.now();
    const timer = setInterval(() => {
      const target = document.getElementById(targetId);
      const answered = signal ? signal.textContent !== before : (target && target !== existed);
      const active = document.activeElement;
      const stillHere = !active || active === document.body || active === button || !active.isConnected;
      if ((answered && target) || !stillHere || Date.now() - started > 5000) {
        clearInterval(timer);
        if (answered && target && stillHere) focusOn(target);
      }
    }, 50);
  });

  // What took focus when it appeared, and what had focus before: when the question goes (the parent
  // answered "No"), focus goes back to the button that asked it, as it does when a dialog closes.
  let opened = null;
  let opener = null;
  new MutationObserver((records) => {
    let shown = null;
    records.forEach((record) => record.addedNodes.forEach((node) => {
      if (!(node instanceof Element)) return;
      shown = node.matches("[data-focus-on-show]") ? node : node.querySelector("[data-focus-on-show]") || shown;
    }));
    if (shown) {
      opener = document.activeElement !== document.body ? document.activeElement : null;
      opened = shown;
      focusOn(shown);
    } else if (opened && !opened.isConnected) {
      const active = document.activeElement;
      if ((!active || active === document.body) && opener && opener.isConnected) opener.focus();
      opened = opener = null;
    }
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
