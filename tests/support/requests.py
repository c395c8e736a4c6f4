"""A parent's EHCNA request filled in and sent straight through the services, on a served app's database
(for staff-side and cross-family browser tests)."""

from __future__ import annotations

from tests.support import factories
from tests.support.served_app import ServedApp


def submitted_request(served_app: ServedApp, forename: str) -> tuple[str, str, int]:
    """A parent's request, filled in and sent through the services: (parent's email, reference, application id)."""
    email, _parent_id, application_id, reference = factories.sent_request(served_app.engine(), served_app.settings(),
                                                                           forename)
    return email, reference, application_id


def ready_request(served_app: ServedApp, forename: str) -> tuple[str, int, int]:
    """A parent's request with every required answer and a described document, not yet sent:
    (parent's email, parent id, application id)."""
    engine, settings = served_app.engine(), served_app.settings()
    email = factories.make_parent(engine, settings, two_step="email")
    parent_id = factories.parent_id_of(engine, email)
    application_id = factories.start_request(engine, parent_id,
                                             factories.add_child(engine, parent_id, forename, surname="Staffcase"))
    factories.answer_required(engine, parent_id, application_id, why=f"{forename} finds noise and crowds very hard.")
    factories.add_document(engine, settings, parent_id, application_id)
    return email, parent_id, application_id
