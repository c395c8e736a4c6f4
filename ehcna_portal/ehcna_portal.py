"""Assemble the app: stylesheets, pages in each language, HTTP routes, background tasks.

Nothing else lives here; pages, states and services are in their own packages.
"""

from __future__ import annotations

import os

import reflex as rx

from ehcna_portal import logs, routes
from ehcna_portal.api.headers import SecurityHeaders
from ehcna_portal.api.routes import build_api
from ehcna_portal.components import layout
from ehcna_portal.i18n import localised_path
from ehcna_portal.pages import (
    accounts,
    application,
    children,
    content,
    home,
    my_account,
    plans,
    professional,
    school,
    staff,
    staff_admin,
    staff_case,
    staff_plan,
    staff_plan_item,
    staff_professionals,
    staff_reviews,
    staff_vague_terms,
)
from ehcna_portal.pages.registry import PageSpec, page_title, spec_title
from ehcna_portal.settings import get_settings
from ehcna_portal.state.accounts import (
    CompleteRegistrationState,
    EhcAreaState,
    ForgottenPasswordState,
    RegisterState,
    ResetPasswordState,
    SignInCodeState,
    SignInState,
)
from ehcna_portal.state.application import ApplicationState
from ehcna_portal.state.children import ChildFormState, ChildPageState
from ehcna_portal.state.errors import handle_backend_exception, handle_frontend_exception, quieten_refused_events
from ehcna_portal.state.family_plan import FamilyPlanState
from ehcna_portal.state.my_account import (
    AccountDeletedState,
    ChangePasswordState,
    ConfirmNewEmailState,
    DeleteAccountState,
    MyAccountState,
    TwoStepSettingsState,
)
from ehcna_portal.state.professional import ProfessionalState
from ehcna_portal.state.school import SchoolState
from ehcna_portal.state.session import SessionState
from ehcna_portal.state.staff_admin import AccessLogState, KpiState, PaperRequestState, StaffAdminState, StageTextState
from ehcna_portal.state.staff_case import CaseState
from ehcna_portal.state.staff_plan import PlanPreviewState, PlanState
from ehcna_portal.state.staff_plan_item import PlanItemState
from ehcna_portal.state.staff_professionals import ProfessionalsState
from ehcna_portal.state.staff_queue import QueueState
from ehcna_portal.state.staff_review import ReviewState
from ehcna_portal.state.staff_reviews import ReviewQueueState
from ehcna_portal.state.staff_session import StaffSignInState, StaffTwoStepState
from ehcna_portal.state.staff_vague_terms import VagueTermsState
from ehcna_portal.state.tab_privacy import TabPrivacy
from ehcna_portal.tasks import expire_drafts_forever, scan_documents_forever, send_outbox_forever

settings = get_settings()
logs.configure()  # one JSON line per record; secrets masked in every library's records

# Each page's layout (components/layout.py): FULL pages draw their own grid; forms and prose are narrow (the
# default); My account's pages sit beside its menu; the staff side is English only, caseworking full width.
FULL, ACCOUNT, STAFF, CASEWORK = layout.full, my_account.account_layout, layout.staff, layout.staff_wide
EN = ("en",)

PUBLIC_PAGES = [
    PageSpec(routes.HOME, "home.title", home.home, on_load=SignInState.load, layout=FULL),
    PageSpec(routes.GUIDANCE, "guidance.title", content.guidance),
    PageSpec(routes.PRIVACY, "privacy.title", content.privacy),
    PageSpec(routes.ACCESSIBILITY, "a11y.title", content.accessibility),
    PageSpec(routes.COOKIES, "cookies.title", content.cookies),
    PageSpec(routes.CONTACT, "contact.title", content.contact),
    PageSpec(routes.REGISTER, "register.title", accounts.register, on_load=RegisterState.load),
    PageSpec(routes.REGISTER_CHECK_EMAIL, "register.check.title", accounts.register_check_email),
    PageSpec(routes.COMPLETE_REGISTRATION, "verify.page_title", accounts.complete_registration,
             on_load=CompleteRegistrationState.confirm),
    PageSpec(routes.SIGN_IN, "sign_in.title", accounts.sign_in, on_load=SignInState.load),
    PageSpec(routes.SIGN_IN_CODE, "code.page_title", accounts.sign_in_code, on_load=SignInCodeState.load),
    PageSpec(routes.SIGN_OUT, "sign_out.title", accounts.sign_out, on_load=SessionState.sign_out),
    PageSpec(routes.EHC, "ehc.title", children.ehc_area, on_load=EhcAreaState.load, layout=FULL),
    PageSpec(routes.ADD_CHILD, "child.add.title", children.add_child, on_load=ChildFormState.load, layout=FULL),
    PageSpec(routes.EDIT_CHILD, "child.edit.title", children.edit_child, on_load=ChildFormState.load, layout=FULL),
    PageSpec(routes.CHILD, "child.page_title", children.child_page, on_load=ChildPageState.load, layout=FULL,
             title=children.child_page_title),
    PageSpec(routes.PLAN, "plan.page.page_title", plans.plan_page, on_load=FamilyPlanState.load, layout=FULL),
    PageSpec(routes.APPLICATION, "application.page_title", application.application_page,
             on_load=ApplicationState.load, layout=FULL, title=application.title),
    PageSpec(routes.APPLICATION_ITEM, "application.page_title", application.item_page,
             on_load=ApplicationState.load, layout=FULL, title=application.title),
    PageSpec(routes.ACCOUNT, "account.title", my_account.account, on_load=MyAccountState.load, layout=ACCOUNT),
    PageSpec(routes.ACCOUNT_PERSONAL, "account.personal", my_account.personal_details, on_load=MyAccountState.load,
             layout=ACCOUNT),
    PageSpec(routes.ACCOUNT_CIRCUMSTANCES, "account.circumstances", my_account.change_circumstances,
             on_load=MyAccountState.load, layout=ACCOUNT),
    PageSpec(routes.ACCOUNT_EMAIL, "account.email", my_account.change_email, on_load=MyAccountState.load,
             layout=ACCOUNT),
    PageSpec(routes.ACCOUNT_EMAIL_SENT, "account.email_sent.title", my_account.change_email_sent,
             on_load=SessionState.require_signed_in, layout=ACCOUNT),
    PageSpec(routes.CONFIRM_NEW_EMAIL, "verify.page_title", my_account.confirm_new_email,
             on_load=ConfirmNewEmailState.confirm),
    PageSpec(routes.ACCOUNT_TWO_STEP, "two_step.title", my_account.two_step_settings,
             on_load=TwoStepSettingsState.load, layout=ACCOUNT),
    PageSpec(routes.ACCOUNT_PASSWORD, "change_password.title", my_account.change_password,
             on_load=ChangePasswordState.load, layout=ACCOUNT),
    PageSpec(routes.ACCOUNT_DELETE, "account.delete", my_account.delete_account, on_load=DeleteAccountState.load,
             layout=ACCOUNT),
    PageSpec(routes.ACCOUNT_DELETED, "account_deleted.title", my_account.account_deleted,
             on_load=AccountDeletedState.load),
    PageSpec(routes.FORGOTTEN_PASSWORD, "forgotten.title", accounts.forgotten_password,
             on_load=ForgottenPasswordState.load),
    PageSpec(routes.RESET_PASSWORD, "reset.title", accounts.reset_password, on_load=ResetPasswordState.load),
    # The staff side (English only; its own sign-in, cookie and sessions).
    PageSpec(routes.STAFF_SIGN_IN, "staff.sign_in.title", staff.staff_sign_in, on_load=StaffSignInState.load,
             languages=EN, layout=STAFF),
    PageSpec(routes.STAFF_TWO_STEP, "staff.two_step.title", staff.staff_two_step, on_load=StaffTwoStepState.load,
             languages=EN, layout=STAFF),
    PageSpec(routes.STAFF_SIGN_OUT, "sign_out.title", staff.staff_sign_out, on_load=StaffSignInState.sign_out,
             languages=EN, layout=STAFF),
    PageSpec(routes.STAFF_QUEUE, "staff.queue.title", staff.queue_page, on_load=QueueState.load, languages=EN,
             layout=CASEWORK),
    PageSpec(routes.STAFF_CASE, "staff.case.title", staff_case.case_page,
             on_load=[CaseState.load, PlanState.load, ReviewState.load],
             languages=EN, layout=CASEWORK),
    PageSpec(routes.STAFF_PLAN_ITEM, "staff.plan.item_title", staff_plan_item.item_page, on_load=PlanItemState.load,
             languages=EN, layout=STAFF),
    PageSpec(routes.STAFF_PLAN_PREVIEW, "staff.plan.preview_title", staff_plan.preview_page,
             on_load=PlanPreviewState.load, languages=EN, layout=STAFF),
    PageSpec(routes.STAFF_REVIEWS, "staff.reviews.page_title", staff_reviews.reviews_page,
             on_load=ReviewQueueState.load, languages=EN, layout=CASEWORK),
    PageSpec(routes.STAFF_KPIS, "staff.kpi.title", staff_admin.kpi_page, on_load=KpiState.load, languages=EN,
             layout=CASEWORK),
    PageSpec(routes.STAFF_RECORD_REQUEST, "staff.paper.title", staff_admin.paper_request_page,
             on_load=PaperRequestState.load, languages=EN, layout=STAFF),
    PageSpec(routes.ADVICE_LINK, "advice.page.title", professional.advice_page, on_load=ProfessionalState.load),
    PageSpec(routes.CONSULTATION_LINK, "consultation.page.title", school.consultation_page, on_load=SchoolState.load),
    PageSpec(routes.STAFF_PROFESSIONALS, "staff.book.title", staff_professionals.professionals_page,
             on_load=ProfessionalsState.load, languages=EN, layout=STAFF),
    PageSpec(routes.STAFF_VAGUE_TERMS, "staff.vague.title", staff_vague_terms.vague_terms_page,
             on_load=VagueTermsState.load, languages=EN, layout=STAFF),
    PageSpec(routes.STAFF_STAGE_TEXTS, "staff.texts.title", staff_admin.stage_texts_page, on_load=StageTextState.load,
             languages=EN, layout=STAFF),
    PageSpec(routes.STAFF_ADMIN, "staff.admin.title", staff_admin.admin_page, on_load=StaffAdminState.load,
             languages=EN, layout=CASEWORK),
    PageSpec(routes.STAFF_ACCESS_LOG, "staff.access.title", staff_admin.access_log_page, on_load=AccessLogState.load,
             languages=EN, layout=CASEWORK),
]


def dev_pages() -> list[PageSpec]:
    """Pages that exist only outside production (imported lazily so prod never registers their states)."""
    from ehcna_portal.pages import dev
    from ehcna_portal.state.dev import DevMailboxState

    return [
        PageSpec(routes.DEV_MAILBOX, "dev.mailbox.title", dev.mailbox, on_load=DevMailboxState.load, languages=EN,
                 layout=FULL),
        PageSpec(routes.DEV_COMPONENTS, "dev.components.title", dev.components, languages=EN, layout=FULL),
    ]


app = rx.App(
    reset_style=False,
    html_lang="en",
    head_components=[
        # Plain <link>s: the compiled govuk-frontend CSS is served as built, not re-bundled by Vite.
        rx.el.link(rel="stylesheet", href="/govuk/govuk-frontend.min.css"),
        rx.el.link(rel="stylesheet", href="/app.css"),
        rx.el.script(src="/portal.js", defer=True),  # scripts/*.js, bundled by `make setup`
        rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
        rx.el.meta(name="theme-color", content="#0b0c0c"),
    ],
    api_transformer=[build_api(), lambda asgi: SecurityHeaders(asgi, hsts=settings.is_prod)],
    toaster=None,
    backend_exception_handler=handle_backend_exception,
    frontend_exception_handler=handle_frontend_exception,
)
quieten_refused_events()

for spec in PUBLIC_PAGES + ([] if settings.is_prod else dev_pages()):
    for lang in spec.languages:
        app.add_page(
            spec.component(lang),
            route=localised_path(spec.route, lang),
            title=spec_title(spec, lang),
            # Every page first refreshes who is signed in (header links), then its own loader.
            on_load=[SessionState.load, *(spec.on_load if isinstance(spec.on_load, list)
                                          else [spec.on_load] if spec.on_load else [])],
        )

app.add_page(lambda: rx.cond(SessionState.welsh_not_found, layout.narrow("cy", "404", content.not_found("cy")),
                             layout.narrow("en", "404", content.not_found("en"))),
             route="404", on_load=[SessionState.load, SessionState.not_found],
             title=rx.cond(SessionState.welsh_not_found, page_title("notfound.title", "cy"),
                           page_title("notfound.title", "en")))
app.add_middleware(TabPrivacy())  # a hydrate without the owner's live session gets an empty state
app.register_lifespan_task(send_outbox_forever)
app.register_lifespan_task(expire_drafts_forever)
app.register_lifespan_task(scan_documents_forever)
if os.environ.get("EHCNA_BENCH_FLOOR") == "1":  # make bench only: the database floor handler (bench/floor.py)
    import bench.floor  # noqa: F401
