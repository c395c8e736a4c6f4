// The portal's own scripts for every page, bundled and minified into assets/portal.js by `make setup`
// (bun build): one response instead of four, without the comments (issue 23/24: page weight).
// session-timeout.js is built on its own: only signed-in pages load it (components/layout.py).
import "./forms.js";
import "./keyboard.js";
import "./language-switch.js";
import "./page-change.js";
