// Two small things the server cannot do for a form, delegated from the document so they
// survive every re-render:
// 1. Which button sent the form: React reads a form's fields without its submitter, so the
//    value of a clicked <button name="_action"> is copied into the form's hidden _action field.
// 2. The character count under long answers (data-maxlength), updated as the parent types.
// 3. A form pressed before the page has started (the server's HTML is shown while the app's scripts
//    still load): the portal's forms have no action, their fields go over the websocket, so the
//    browser's own submission would put them in the address bar, history and logs (a password or a
//    code in a URL). It is stopped, and the press is made again once the app has taken the form over.
(function () {
  "use strict";

  var WAIT_MS = 100;
  var MAX_WAITS = 300; // 30 seconds: then the press is dropped (the page shows it has not started)

  function started(form) {
    // React marks the elements it has taken over (hydrated) with its own properties.
    return Object.keys(form).some(function (key) { return key.indexOf("__reactProps$") === 0; });
  }

  function sendWhenStarted(form, submitter) {
    var waits = parseInt(form.getAttribute("data-waits") || "0", 10) + 1;
    form.setAttribute("data-waits", String(waits));
    if (waits > MAX_WAITS) return;
    window.setTimeout(function () {
      if (!form.isConnected) return;
      if (submitter && submitter.form === form) form.requestSubmit(submitter);
      else form.requestSubmit();
    }, WAIT_MS);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if (!form || !form.querySelector) return;
    var field = form.querySelector('input[type="hidden"][name="_action"]');
    if (field) field.value = submitter && submitter.name === "_action" ? submitter.value : "continue";
    if (form.getAttribute("action")) return; // uploads post to the API routes: the browser sends those
    event.preventDefault(); // the app's own handler sends the fields; the browser never does
    if (started(form)) form.removeAttribute("data-waits");
    else sendWhenStarted(form, submitter);
  }, true);

  function countMessage(area) {
    var max = parseInt(area.getAttribute("data-maxlength"), 10);
    var info = document.getElementById(area.id + "-info");
    if (!info || !max) return;
    var left = max - area.value.length;
    var count = Math.abs(left);
    // The catalog gives every plural form of the page's language (Welsh has six).
    var scope = area.closest("[lang]");
    var category = new Intl.PluralRules(scope ? scope.lang : "en").select(count);
    var key = (left >= 0 ? "data-remaining-" : "data-over-") + category;
    var text = area.getAttribute(key) || area.getAttribute(left >= 0 ? "data-remaining-other" : "data-over-other");
    info.textContent = (text || "").replace("{count}", String(count));
    info.className = left >= 0 ? "govuk-hint govuk-character-count__message"
                               : "govuk-error-message govuk-character-count__message";
  }

  document.addEventListener("input", function (event) {
    var area = event.target;
    if (area && area.getAttribute && area.getAttribute("data-maxlength")) countMessage(area);
  });
})();
