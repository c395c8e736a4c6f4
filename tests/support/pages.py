"""Every page drawing function of the portal by name, for the checks that walk all pages (catalog text,
markup)."""

from __future__ import annotations

from ehcna_portal.pages import (
    accounts,
    application,
    children,
    content,
    dev,
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
)

PAGES = {
    "home": home.home, "guidance": content.guidance, "privacy": content.privacy,
    "accessibility": content.accessibility, "cookies": content.cookies, "contact": content.contact,
    "not_found": content.not_found, "dev_mailbox": dev.mailbox, "dev_components": dev.components,
    "register": accounts.register, "register_check_email": accounts.register_check_email,
    "complete_registration": accounts.complete_registration, "sign_in": accounts.sign_in,
    "sign_in_code": accounts.sign_in_code, "ehc_area": children.ehc_area,
    "add_child": children.add_child, "child_page": children.child_page,
    "edit_child": children.edit_child, "account": my_account.account,
    "two_step_settings": my_account.two_step_settings, "sign_out": accounts.sign_out,
    "forgotten_password": accounts.forgotten_password, "reset_password": accounts.reset_password,
    "change_password": my_account.change_password, "personal_details": my_account.personal_details,
    "change_circumstances": my_account.change_circumstances, "change_email": my_account.change_email,
    "change_email_sent": my_account.change_email_sent, "confirm_new_email": my_account.confirm_new_email,
    "delete_account": my_account.delete_account, "account_deleted": my_account.account_deleted,
    "application": application.application_page, "application_item": application.item_page,
    "staff_sign_in": staff.staff_sign_in, "staff_two_step": staff.staff_two_step, "staff_queue": staff.queue_page,
    "staff_case": staff_case.case_page, "staff_sign_out": staff.staff_sign_out, "staff_kpis": staff_admin.kpi_page,
    "staff_access_log": staff_admin.access_log_page, "staff_admin": staff_admin.admin_page,
    "staff_paper_request": staff_admin.paper_request_page, "staff_stage_texts": staff_admin.stage_texts_page,
    "staff_professionals": staff_professionals.professionals_page, "advice_link": professional.advice_page,
    "plan": plans.plan_page, "consultation_link": school.consultation_page,
    "staff_plan_item": staff_plan_item.item_page, "staff_plan_preview": staff_plan.preview_page,
}
