"""``make serve`` without its front-end build, for the test run's second and later apps.

``make serve`` is ``reflex run --env prod --single-port``: compile the app, build the front end with Vite
(about 20 s here), then start the production backend (Granian) mounting that build. This does the last
step only, exactly as Reflex's ``_run_prod`` does it, on the front end the run's first app built into
``REFLEX_WEB_WORKDIR`` — so an app with another database, Redis URL or worker count, or one restarted
after a kill, starts in a few seconds. The database is migrated and seeded before, as ``make serve`` does
(``launched_app``). Run from the checkout's root, with the root on
``PYTHONPATH`` (rxconfig.py) and ``EHCNA_HOST`` and ``EHCNA_PORT`` set:
``python tests/support/serve_built.py``.
"""

from __future__ import annotations

import os


def main() -> None:
    from reflex.istate.manager import reset_disk_state_manager
    from reflex.utils import exec as reflex_exec
    from reflex_base import constants
    from reflex_base.config import get_config
    from reflex_base.environment import environment

    host, port = os.environ["EHCNA_HOST"], int(os.environ["EHCNA_PORT"])
    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    environment.REFLEX_COMPILE_CONTEXT.set(constants.CompileContext.RUN)
    config = get_config()  # rxconfig.py: the settings are checked, failed workers respawned
    config._set_persistent(frontend_port=port, backend_port=port, backend_host=host)
    reset_disk_state_manager()
    environment.REFLEX_SKIP_COMPILE.set(True)  # the front end is built: the workers only load the app
    reflex_exec.notify_app_running()
    reflex_exec.run_backend_prod(host, port, config.loglevel.subprocess_level(), mount_frontend_compiled_app=True)


if __name__ == "__main__":
    main()
