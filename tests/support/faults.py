"""What the fault tests (killed backend, locked database, Redis restarted) expect to see and compare."""

from __future__ import annotations

SERVICE_PROBLEM = ("Sorry, there is a problem with the service. What you entered has not been saved, but it is "
                   "still on this page. Try again in a few minutes.")
RECONNECTING = "Trying to reconnect. Your saved answers are safe."
# Rows a signed-in browser may touch without any save (the session's last activity time).
NOT_COMPARED = {"user_session"}
