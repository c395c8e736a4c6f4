// The English | Cymraeg switch (a[data-switch-language]) goes through /api/language, which
// remembers the choice and opens the same page in the other language. Two things only the
// browser knows are added here:
// 1. which page this is ("next"), including the pages whose address holds an id;
// 2. what the parent has typed but not saved yet: kept in sessionStorage for the twin page
//    and put back once that page has its own data. Passwords and files are never copied.
// The same carry-over keeps typed answers across a lost connection: a backend restarted without
// Redis has forgotten this tab's state ("reflex run" empties .states), so on reconnecting Reflex
// draws the page from its defaults and then from the database (on_load runs again), which would
// drop what was typed since the last save. It is kept while the "trying to reconnect" banner
// (#connection-status) shows, and put back if the form was drawn again.
(() => {
  const KEY = "ehcna-carry-over";
  const SKIP = new Set(["password", "hidden", "file", "submit", "button", "reset", "image"]);

  const twinPath = (path, lang) => {
    const bare = path.replace(/^\/cy(?=\/|$)/, "") || "/";
    if (lang !== "cy") return bare;
    return bare === "/" ? "/cy" : "/cy" + bare;
  };
  const samePath = (a, b) => a.replace(/\/$/, "") === b.replace(/\/$/, "");

  const fields = () => Array.from(document.querySelectorAll("main input, main textarea, main select"))
    .filter((field) => field.name && !field.name.startsWith("_") && !SKIP.has(field.type));

  const initialValue = (field) => {
    if (field.tagName !== "SELECT") return field.defaultValue;
    const chosen = Array.from(field.options).find((option) => option.defaultSelected) || field.options[0];
    return chosen ? chosen.value : "";
  };
  const changed = (field) => {
    if (field.type === "radio") return field.checked && !field.defaultChecked;
    if (field.type === "checkbox") return field.checked !== field.defaultChecked;
    return field.value !== initialValue(field);
  };
  const collect = () => fields().filter(changed)
    .map((field) => ({ name: field.name, value: field.value, checked: field.checked }));

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[data-switch-language]");
    if (!link) return;
    const url = new URL(link.href, window.location.href);
    url.searchParams.set("next", window.location.pathname + window.location.search);
    link.href = url.toString();
    const typed = collect();
    if (typed.length) {
      const path = twinPath(window.location.pathname, link.getAttribute("hreflang"));
      sessionStorage.setItem(KEY, JSON.stringify({ path, typed }));
    }
  }, true);

  // React tracks an input's value through the prototype setter: use it, then tell React.
  const setValue = (field, value) => {
    const proto = Object.getPrototypeOf(field);
    Object.getOwnPropertyDescriptor(proto, "value").set.call(field, value);
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.dispatchEvent(new Event("change", { bubbles: true }));
  };

  const restore = (typed) => {
    typed.forEach(({ name, value, checked }) => {
      document.querySelectorAll(`main [name="${CSS.escape(name)}"]`).forEach((field) => {
        if (field.type === "radio" || field.type === "checkbox") {
          if (field.value === value && field.checked !== checked) field.click();
        } else {
          setValue(field, value);
        }
      });
    });
  };

  let offline = null; // { path, first field element, typed } while the connection is down
  const fieldNamed = (name) => document.querySelector(`main [name="${CSS.escape(name)}"]`);
  const restoreWhenRedrawn = ({ path, element, typed }) => {
    const started = Date.now();
    const wait = setInterval(() => {
      const marker = document.querySelector("[data-loaded]");
      const filled = marker && samePath(marker.getAttribute("data-loaded") || "", path);
      const now = fieldNamed(typed[0].name);
      if (now && now !== element && (filled || !marker)) {
        clearInterval(wait);
        restore(typed);
      } else if (Date.now() - started > 15000) {
        clearInterval(wait); // the tab's state survived (Redis): the form was never drawn again
      }
    }, 100);
  };
  new MutationObserver(() => {
    const down = (document.getElementById("connection-status")?.childElementCount || 0) > 0;
    if (down && !offline) {
      const typed = collect();
      offline = { path: window.location.pathname, element: typed.length ? fieldNamed(typed[0].name) : null, typed };
    } else if (!down && offline) {
      const kept = offline;
      offline = null;
      if (kept.typed.length && samePath(kept.path, window.location.pathname)) restoreWhenRedrawn(kept);
    }
  }).observe(document.body, { childList: true, subtree: true });

  const saved = sessionStorage.getItem(KEY);
  if (!saved) return;
  sessionStorage.removeItem(KEY);
  const { path, typed } = JSON.parse(saved);
  if (!samePath(path, window.location.pathname)) return;
  // Wait until the page has been filled from the server (data-loaded names the page it was
  // filled for), so the saved answers do not overwrite what the parent typed.
  const started = Date.now();
  const wait = setInterval(() => {
    const marker = document.querySelector("[data-loaded]");
    const ready = marker ? samePath(marker.getAttribute("data-loaded") || "", window.location.pathname)
      : fields().length > 0;
    if (ready || Date.now() - started > 15000) {
      clearInterval(wait);
      if (ready) setTimeout(() => restore(typed), 50);
    }
  }, 100);
})();
