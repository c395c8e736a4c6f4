// Two small things the server cannot do for a form, delegated from the document so they
// survive every re-render:
// 1. Which button sent the form: React reads a form's fields without its submitter, so the
//    value of a clicked <button name="_action"> is copied into the form's hidden _action field.
// 2. The character count under long answers (data-maxlength), updated as the parent types.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if (!form || !form.querySelector) return;
    var field = form.querySelector('input[type="hidden"][name="_action"]');
    if (field) field.value = submitter && submitter.name === "_action" ? submitter.value : "continue";
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
