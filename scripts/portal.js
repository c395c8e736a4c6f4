// The portal's own scripts for every page, bundled and minified into assets/portal.js by `make setup`
// (bun build): one response instead of five, without the comments (issue 23/24: page weight). The inactivity
// warning's script does nothing on a page without its dialog (signed-in pages draw it), and loads with the rest
// so that it is armed before the page is used: loaded on its own by the signed-in pages, it came after the
// page's data and could miss the first minutes.
import "./forms.js";
import "./keyboard.js";
import "./language-switch.js";
import "./page-change.js";
import "./session-timeout.js";
