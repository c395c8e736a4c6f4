"""Routes as data: every public path in one place, and builders for links.

Pages exist once per language (``/privacy`` and ``/cy/privacy``); links inside
a page are resolved for that page's language with :func:`hrefs`.
"""

from __future__ import annotations

from ehcna_portal.i18n import Language, localised_path

HOME = "/"
SIGN_IN = "/sign-in"
SIGN_IN_CODE = "/sign-in/code"
SIGN_OUT = "/sign-out"
REGISTER = "/register"
REGISTER_CHECK_EMAIL = "/register/check-your-email"
# The address in the confirmation email, shaped like the seed's (public contract: it is in emails).
COMPLETE_REGISTRATION = "/Account/CompleteRegistration/[link]"
FORGOTTEN_PASSWORD = "/forgotten-password"  # nosec B105 # a route path, not a secret
# The address in the password reset email (public contract).
RESET_PASSWORD = "/reset-password/[link]"  # nosec B105 # a route path, not a secret
EHC = "/ehc"
ADD_CHILD = "/ehc/add-child"
CHILD = "/ehc/child/[child]/[section]"
EDIT_CHILD = "/ehc/edit-child/[child]"
# An application's pages: step-1 … step-8, summary, confirmation, documents, print.
APPLICATION = "/ehc/application/[application]/[page]"
# One item of a repeatable group: /ehc/application/12/step-2/other_people/0 (or /new).
APPLICATION_ITEM = "/ehc/application/[application]/[page]/[group]/[item]"


def child_page(child_id: int | str, section: str = "request") -> str:
    return f"{EHC}/child/{child_id}/{section}"
ACCOUNT = "/account"
ACCOUNT_TWO_STEP = "/account/two-step-verification"
ACCOUNT_PASSWORD = "/account/change-password"  # nosec B105 # a route path, not a secret
ACCOUNT_PERSONAL = "/account/personal-details"
ACCOUNT_CIRCUMSTANCES = "/account/change-circumstances"
ACCOUNT_EMAIL = "/account/change-email"
ACCOUNT_EMAIL_SENT = "/account/change-email/check-your-email"
ACCOUNT_DELETE = "/account/delete"
# Where the browser lands once the account is gone (signed out, so not under /account).
ACCOUNT_DELETED = "/account-deleted"
# The zip of everything held about the signed-in parent (an HTTP route, api/personal_data_routes.py).
PERSONAL_DATA = "/api/account/personal-data"
# The address in the email sent to a new email address (public contract).
CONFIRM_NEW_EMAIL = "/account/confirm-new-email/[link]"
GUIDANCE = "/guidance"
PRIVACY = "/privacy"
ACCESSIBILITY = "/accessibility"
COOKIES = "/cookies"
CONTACT = "/contact"

DEV_MAILBOX = "/dev/mailbox"
DEV_COMPONENTS = "/dev/components"

STAFF_SIGN_IN = "/staff/sign-in"
STAFF_TWO_STEP = "/staff/two-step-verification"
STAFF_QUEUE = "/staff"
STAFF_CASE = "/staff/case/[application]/[section]"
STAFF_SIGN_OUT = "/staff/sign-out"
STAFF_KPIS = "/staff/kpis"
STAFF_ACCESS_LOG = "/staff/access-log"
STAFF_ADMIN = "/staff/admin"
STAFF_STAGE_TEXTS = "/staff/admin/stage-texts"
STAFF_RECORD_REQUEST = "/staff/record-request"
# Pages made in English only (the staff side, developer tools): the language switch never leads there.
ENGLISH_ONLY_PREFIXES = ("/staff", "/dev")


def has_welsh(path: str) -> bool:
    return not any(path == prefix or path.startswith(prefix + "/") for prefix in ENGLISH_ONLY_PREFIXES)

# Names that catalog text may use in ``[link text](name)``.
NAMED = {
    "home": HOME,
    "sign_in": SIGN_IN,
    "register": REGISTER,
    "guidance": GUIDANCE,
    "privacy": PRIVACY,
    "accessibility": ACCESSIBILITY,
    "cookies": COOKIES,
    "contact": CONTACT,
    "ehc": EHC,
    "account": ACCOUNT,
    "forgotten_password": FORGOTTEN_PASSWORD,
}


def hrefs(lang: Language) -> dict[str, str]:
    """Every named route, in ``lang``."""
    return {name: localised_path(path, lang) for name, path in NAMED.items()}
