"""The parent's EHCNA application form: 8 steps, written in the vocabulary of ``schema``.

The questions follow the domain notes (§3, "Proposed 8-step EHCNA application
form"). The law sets no format for a request, so only who is asking, what kind of
request it is, the requester's relationship and parental responsibility, and
where the child is educated are required; every other answer may be left blank.

The child's names, date of birth, gender, school and address are not asked here:
they come from the child record, shown read-only at the top of step 1.
"""

from __future__ import annotations

from ehcna_portal.forms.schema import Field, FormDefinition, Group, Option, Section, Step, When

BLANK_IS_FINE = "You can leave any question blank if you do not know the answer or would rather talk to us about it."
DATE_HINT = "For example, 27 3 2023"
SELECT_ALL = "Select all that apply"
DONT_KNOW = Option("dont_know", "I do not know")


def yes_no(name: str, label: str, hint: str = "", *, reveals: tuple[Field, ...] = (), dont_know: bool = False,
           error_name: str = "") -> Field:
    """A yes/no question; inline unless it reveals a follow-up or offers "I do not know" (GOV.UK)."""
    options = (Option("yes", "Yes", reveals=reveals), Option("no", "No"), *((DONT_KNOW,) if dont_know else ()))
    return Field(name, "radios", label, hint, options=options, inline=not reveals and not dont_know,
                 error_name=error_name)


def past_date(name: str, label: str, error_name: str, hint: str = DATE_HINT, *, required: bool = False) -> Field:
    return Field(name, "date", label, hint, required=required, past_only=True, error_name=error_name)


def long_text(name: str, label: str, hint: str = "", *, required: bool = False, max_length: int = 0,
              show_if: When | None = None, error_name: str = "") -> Field:
    return Field(name, "long_text", label, hint, required=required, max_length=max_length, show_if=show_if,
                 error_name=error_name)


RELATIONSHIPS = (
    Option("mother", "Mother"),
    Option("father", "Father"),
    Option("step_parent", "Step-parent"),
    Option("grandparent", "Grandparent"),
    Option("foster_carer", "Foster carer"),
    Option("special_guardian", "Special guardian"),
    Option("corporate_parent", "Corporate parent (the local authority)"),
    Option("other", "Other"),
)

PARENTAL_RESPONSIBILITY_HINT = "Parental responsibility means the legal rights and duties to make decisions for a child"

# The DfE school census ethnic groups (England), worded as in the ONS 2021 census, with the group first.
ETHNICITIES = (
    Option("white_british", "White: English, Welsh, Scottish, Northern Irish or British"),
    Option("white_irish", "White: Irish"),
    Option("traveller_irish_heritage", "White: Traveller of Irish heritage"),
    Option("gypsy_roma", "White: Gypsy or Roma"),
    Option("white_other", "White: any other White background"),
    Option("mixed_white_black_caribbean", "Mixed or multiple ethnic groups: White and Black Caribbean"),
    Option("mixed_white_black_african", "Mixed or multiple ethnic groups: White and Black African"),
    Option("mixed_white_asian", "Mixed or multiple ethnic groups: White and Asian"),
    Option("mixed_other", "Mixed or multiple ethnic groups: any other mixed or multiple background"),
    Option("asian_indian", "Asian or Asian British: Indian"),
    Option("asian_pakistani", "Asian or Asian British: Pakistani"),
    Option("asian_bangladeshi", "Asian or Asian British: Bangladeshi"),
    Option("chinese", "Asian or Asian British: Chinese"),
    Option("asian_other", "Asian or Asian British: any other Asian background"),
    Option("black_caribbean", "Black, Black British, Caribbean or African: Caribbean"),
    Option("black_african", "Black, Black British, Caribbean or African: African"),
    Option("black_other", "Black, Black British, Caribbean or African: any other Black background"),
    Option("arab", "Other ethnic group: Arab"),
    Option("other_ethnic_group", "Other ethnic group: any other ethnic group"),
    Option("prefer_not_to_say", "Prefer not to say"),
)

YEAR_GROUPS = (
    Option("nursery", "Nursery or pre-school"),
    Option("reception", "Reception"),
    *(Option(f"year_{year}", f"Year {year}") for year in range(1, 14)),
    Option("not_in_year_group", "Not in a year group"),
)

PROFESSIONAL_ROLES = (
    Option("educational_psychologist", "Educational psychologist"),
    Option("speech_language_therapist", "Speech and language therapist"),
    Option("occupational_therapist", "Occupational therapist"),
    Option("physiotherapist", "Physiotherapist"),
    Option("paediatrician", "Paediatrician (children's doctor)"),
    Option("camhs", "Child and adolescent mental health services (CAMHS)"),
    Option("health_visitor", "Health visitor"),
    Option("school_nurse", "School nurse"),
    Option("specialist_teacher", "Specialist teacher"),
    Option("social_worker", "Social worker"),
    Option("gp", "GP (family doctor)"),
    Option("other", "Other"),
)

DOCUMENT_TYPES = (
    Option("support_plan", "SEN support plan or My Support Plan"),
    Option("school_report", "School report"),
    Option("provision_map", "Provision map"),
    Option("ep_report", "Educational psychology report"),
    Option("salt_report", "Speech and language therapy report"),
    Option("ot_report", "Occupational therapy report"),
    Option("physio_report", "Physiotherapy report"),
    Option("medical_letter", "Paediatric or medical letter"),
    Option("camhs_letter", "CAMHS letter"),
    Option("diagnosis_letter", "Diagnosis letter"),
    Option("social_care_assessment", "Social care assessment"),
    Option("childs_views", "The child's views, such as a drawing, letter or recording"),
    Option("parents_letter", "Letter from a parent or carer"),
    Option("other", "Other"),
)


# --- Step 1 -----------------------------------------------------------------------------------------------------

STEP_1 = Step(1, "About this request and the child",
              intro="Tell us who is making this request and a little more about the child.",
              sections=(
    Section(key="child", heading="The child or young person", show_child=True,
            body="These details come from the child's record. If anything is wrong or has changed, you can change it "
                 "there."),
    Section(key="request", heading="About this request", items=(
        Field("requester_role", "radios", "Who is filling in this form?",
              "Schools and colleges use a different form to ask for an assessment", required=True, options=(
                  Option("parent", "I am the parent or carer of the child"),
                  Option("young_person", "I am the young person (aged 16 to 25)"),
                  Option("acting_for_young_person", "I am acting for a young person aged 16 or over",
                         "We will need the young person's agreement, or to know why you can decide for them"),
              )),
        Field("request_type", "radios", "What kind of request is this?", required=True,
              error_name="what kind of request this is", options=(
                  Option("new", "A new request for an education, health and care (EHC) needs assessment"),
                  Option("re_request", "Asking again after an earlier request was refused, or after an assessment "
                                       "in the last 6 months", "You can still ask, and we must still decide"),
                  Option("adding_information", "The child is already being assessed and I want to add information"),
              )),
    )),
    Section(key="about_child", heading="More about the child", items=(
        Field("known_as", "text", "What name does the child like to be called?",
              "Leave this blank if it is the same as the name on their record"),
        Field("previous_names", "text", "Has the child been known by any other names?",
              "For example, a previous surname, which helps us find their records",
              error_name="the child's other names"),
        Field("lives_with", "radios", "Who does the child live with?", options=(
            Option("parents", "With their parent or parents"),
            Option("other_family", "With other family members"),
            Option("foster_care", "In foster care"),
            Option("residential", "In a residential home or residential school"),
            Option("other", "Somewhere else", reveals=(
                Field("lives_with_other", "text", "Tell us who the child lives with"),
            )),
        )),
    )),
    Section(key="language", heading="Language and accessibility", items=(
        Field("first_language", "radios", "What is the child's first language?", options=(
            Option("english", "English"),
            Option("bsl", "British Sign Language (BSL)"),
            Option("other", "Another language", reveals=(
                Field("first_language_other", "text", "What is the child's first language called?",
                      error_name="the child's first language"),
            )),
        )),
        yes_no("interpreter_needed", "Will you or the child need an interpreter at meetings?", reveals=(
            Field("interpreter_language", "text", "Which language do you need an interpreter for?",
                  "For example, Polish or British Sign Language",
                  error_name="the language you need an interpreter for"),
        )),
        yes_no("accessible_formats_needed", "Do you need letters and documents from us in another format?", reveals=(
            Field("accessible_formats_details", "text", "Which format do you need?",
                  "For example, large print, easy read, audio or braille", error_name="the format you need"),
        )),
    )),
    Section(key="background", heading="Ethnicity and background", items=(
        Field("ethnicity", "select", "What is the child's ethnic group?",
              "We only use this for statistics and it does not affect our decision", options=ETHNICITIES),
        Field("religion", "text", "What is the child's religion, if they have one?"),
        yes_no("forces_family", "Is the child from an armed forces family?",
               "This means a parent or carer is serving in the UK armed forces, or has served recently"),
    )),
    Section(key="care", heading="Care", items=(
        Field("looked_after", "radios", "Is the child looked after by a local authority?",
              "This means the child is in care, for example under a care order or a voluntary agreement", options=(
                  Option("yes", "Yes", reveals=(
                      Field("responsible_authority", "text", "Which local authority is responsible for the child?"),
                      Field("legal_status", "radios", "What is the child's legal status?", options=(
                          Option("s20", "Section 20 (a voluntary agreement with the parents)"),
                          Option("s31", "Section 31 (a care order)"),
                          Option("other", "Other"),
                          DONT_KNOW,
                      )),
                      Field("looked_after_social_worker", "text", "What is the name of the child's social worker?",
                            error_name="the name of the child's social worker"),
                  )),
                  Option("no", "No"),
                  DONT_KNOW,
              )),
    )),
    Section(key="references", heading="Reference numbers", items=(
        Field("nhs_number", "nhs_number", "What is the child's NHS number?",
              "It is 10 digits long, for example 943 476 5919, and helps health services find the child's records",
              error_name="the child's NHS number"),
        Field("upn", "text", "What is the child's unique pupil number (UPN)?",
              "This is a 13-character reference the child's school can give you",
              error_name="the child's unique pupil number"),
    )),
))


# --- Step 2 -----------------------------------------------------------------------------------------------------

FILLING_IN_FOR_A_CHILD = When("requester_role", ("parent", "acting_for_young_person"))

STEP_2 = Step(2, "Parents, carers and people with parental responsibility",
              intro="Tell us about your relationship to the child and anyone else with parental responsibility. We "
                    "must tell everyone with parental responsibility about the request.",
              sections=(
    Section(key="you", heading="About you", items=(
        Field("relationship_to_child", "select", "What is your relationship to the child?",
              "We have filled this in from the child's details. A change here is kept with this request, which "
              "is what we read; the child's details stay as they are", required=True,
              options=RELATIONSHIPS, show_if=FILLING_IN_FOR_A_CHILD, error_name="your relationship to the child"),
        Field("has_parental_responsibility", "radios", "Do you have parental responsibility for the child?",
              PARENTAL_RESPONSIBILITY_HINT, required=True, show_if=FILLING_IN_FOR_A_CHILD,
              error_name="whether you have parental responsibility for the child",
              options=(Option("yes", "Yes"), Option("no", "No"), DONT_KNOW)),
        Field("preferred_contact_method", "radios", "How would you like us to contact you?", options=(
            Option("email", "Email"),
            Option("phone", "Phone"),
            Option("post", "Post"),
        )),
        Field("who_helped_complete", "text", "Is anyone helping you to fill in this form?",
              "For example, SENDIASS (the local SEND information and advice service), an advocate or the school"),
    )),
    Section(key="others", heading="Other people",
            body="Tell us about anyone else who has parental responsibility for the child, or who should be told "
                 "about this request, such as a parent who lives somewhere else.",
            items=(
        Group("other_people", "Other people with parental responsibility or who should be told", "person",
              hint="Add everyone else with parental responsibility, even if they do not live with the child",
              title_fields=("forename", "surname"), max_items=10, fields=(
                  Field("title", "text", "Title", "For example, Ms, Mr or Dr", max_length=20),
                  Field("forename", "text", "First name", required=True, error_name="their first name"),
                  Field("surname", "text", "Last name", required=True, error_name="their last name"),
                  Field("relationship", "select", "What is their relationship to the child?", options=RELATIONSHIPS,
                        error_name="their relationship to the child"),
                  Field("has_parental_responsibility", "radios", "Do they have parental responsibility for the child?",
                        PARENTAL_RESPONSIBILITY_HINT, options=(Option("yes", "Yes"), Option("no", "No"), DONT_KNOW),
                        error_name="whether they have parental responsibility for the child"),
                  Field("address", "long_text", "Address", "Leave this blank if they live at the same address as the "
                                                           "child", max_length=300),
                  Field("email", "email", "Email address", error_name="their email address"),
                  Field("phone", "tel", "Phone number", "For example, 07700 900 982 or 01632 960 001",
                        error_name="their phone number"),
                  yes_no("can_share_decisions", "Can we share decisions about the child with this person?",
                         "For example, our letter saying whether we will carry out an assessment"),
              )),
        yes_no("share_restriction", "Is there anyone in the child's family we should not contact or share "
                                    "information with?", reveals=(
            long_text("share_restriction_details", "Tell us who, and why if you can",
                      error_name="who we should not contact"),
        )),
    )),
    Section(key="household", heading="The child's household", items=(
        Group("household_members", "Other people who live with the child", "household member",
              hint="For example, brothers, sisters, grandparents or other adults who live in the same home",
              title_fields=("name", "relationship"), max_items=15, fields=(
                  Field("name", "text", "Name", required=True, error_name="their name"),
                  Field("relationship", "text", "What is their relationship to the child?",
                        "For example, brother, half-sister or grandmother"),
                  Field("age", "number", "How old are they?", max_length=3, error_name="their age"),
              )),
    )),
))


# --- Step 3 -----------------------------------------------------------------------------------------------------

STEP_3 = Step(3, "The child's views, interests and aspirations",
              intro="Tell us what the child thinks, enjoys and hopes for, in their own words if possible. "
                    + BLANK_IS_FINE,
              sections=(
    Section(key="how", heading="How the child's views were gathered",
            body="The child can write, draw, record or tell someone their answers, whatever suits them best. You can "
                 "upload a drawing, letter or recording in step 8.",
            items=(
        Field("views_gathered_how", "checkboxes", "How were the child's views gathered?", SELECT_ALL, options=(
            Option("child_wrote", "The child wrote them"),
            Option("wrote_together", "I wrote them with the child"),
            Option("parent_wrote", "I wrote them from what I know about the child"),
            Option("child_drew_or_recorded", "The child drew or recorded them"),
            Option("school_helped", "The school or setting helped"),
            Option("other", "Another way"),
        )),
        Field("who_supports_child_views", "text", "Who would the child like to help them give their views?",
              "For example, a parent, a teacher or a key worker"),
    )),
    Section(key="about_me", heading="All about the child", items=(
        long_text("yp_own_statement", "In your own words, tell us about yourself and why you are asking for an "
                                      "assessment",
                  "For example, what you want to achieve, what gets in the way and what help you need",
                  show_if=When("requester_role", ("young_person",)), error_name="your own statement"),
        long_text("what_people_like", "What do people like and admire about the child?",
                  "For example, their qualities, what they are good at and the kind things people say about them"),
        long_text("important_now", "What is important to the child now?",
                  "For example, the people, places, games, topics and activities they enjoy"),
        long_text("important_future", "What is important to the child for the future?",
                  "For example, their hopes and dreams, and for young people aged 14 or over, work, where they want "
                  "to live, friends and staying healthy"),
        long_text("how_best_to_support", "How can people best support the child?",
                  "For example, what helps them to learn, feel safe and join in"),
        long_text("need_to_know", "What do people need to know about the child?",
                  "For example, what upsets them, how they show they are worried, and what calms them"),
        Field("how_child_communicates", "text", "How does the child communicate?",
              "For example, speaking, signs, pictures, a communication device or British Sign Language"),
    )),
))


# --- Step 4 -----------------------------------------------------------------------------------------------------

STEP_4 = Step(4, "Your views as a parent or carer",
              intro="Tell us why you are asking for an assessment and what you see at home and elsewhere. "
                    + BLANK_IS_FINE,
              sections=(
    Section(key="why", heading="Why you are asking",
            body="We must carry out an assessment if the child has or may have special educational needs, and they "
                 "may need support set out in an education, health and care (EHC) plan. You do not need to use legal "
                 "language, and bullet points are fine.",
            items=(
        long_text("why_requesting_now", "Why are you asking for an assessment now?",
                  "Tell us about the child's needs and why you think the help they get now is not enough"),
        long_text("background_history", "When did you first think the child might need extra help?",
                  "A short timeline is helpful, for example when you first had concerns and what has happened since"),
    )),
    Section(key="now", heading="How things are now", items=(
        long_text("strengths", "What are the child's strengths?"),
        long_text("concerns", "What worries you most about the child at the moment?"),
        long_text("working_well", "What is working well for the child, at home and at school or their setting?"),
        long_text("not_working", "What is not working well, or needs to be better?"),
    )),
    Section(key="future", heading="The future", items=(
        long_text("hopes_for_child", "What are your hopes for the child as they get older?"),
        long_text("outcomes_wanted", "What difference would you like extra support to make?",
                  "For example, what you would like the child to be able to do in a year's time"),
        long_text("family_context", "Is there anything else we should know about your family?",
                  "For example, recent changes, other children with additional needs, or caring responsibilities"),
    )),
    Section(key="school", heading="The child's school or setting", items=(
        Field("school_told", "radios",
              "Have you told the child's school or setting that you are asking for an assessment?",
              "We will contact them as part of the request", options=(
                  Option("yes", "Yes"),
                  Option("no", "No"),
                  Option("prefer_not_to_say", "I would rather not say"),
              )),
        Field("school_agrees", "radios", "Does the school or setting agree that the child needs an assessment?",
              options=(Option("yes", "Yes"), Option("no", "No"), DONT_KNOW)),
        long_text("school_agrees_comments", "Tell us more about what the school or setting thinks",
                  error_name="what the school or setting thinks"),
    )),
))


# --- Step 5 -----------------------------------------------------------------------------------------------------

STEP_5 = Step(5, "Education setting and support already in place",
              intro="Tell us where the child is educated and what help they already get. " + BLANK_IS_FINE,
              sections=(
    Section(key="setting", heading="Where the child is educated",
            body="The child's school comes from their record. If it has changed, you can change it there.",
            items=(
        Field("currently_in_education", "radios", "Where is the child educated at the moment?", required=True,
              error_name="where the child is educated at the moment", options=(
                  Option("school", "At school"),
                  Option("early_years", "At an early years setting", "For example, a nursery, pre-school or "
                                                                     "childminder"),
                  Option("college", "At college or another post-16 setting"),
                  Option("not_in_education", "Not in education at the moment"),
                  Option("home_educated", "Home educated", "The family has chosen to educate the child at home"),
                  Option("alternative_provision", "In alternative provision",
                         "For example, a pupil referral unit or a tuition service"),
              )),
        Field("setting_name", "text", "What is the name of the child's nursery, college or other setting?",
              "Leave this blank if it is the school on the child's record"),
        past_date("date_started_setting", "When did the child start at their current school or setting?",
                  "the date the child started at their current school or setting"),
        Field("year_group", "select", "What year group is the child in?", options=YEAR_GROUPS),
        Field("taught_out_of_year_group", "radios", "Is the child taught in a different year group from other "
                                                    "children of the same age?",
              "For example, a child who has been kept back a year", options=(
                  Option("yes", "Yes"), Option("no", "No"), DONT_KNOW)),
        Field("post16_course", "text", "What course or training is the young person doing?",
              "For example, the course name and level, an apprenticeship or a supported internship",
              show_if=When("child_age_band", ("16_plus",)), error_name="the young person's course or training"),
    )),
    Section(key="attendance", heading="Attendance", items=(
        yes_no("part_time_timetable", "Is the child on a part-time timetable?"),
        Field("hours_attended_per_week", "number", "How many hours a week does the child attend?",
              "Answer this if the child goes part time or is under 5", max_length=2,
              error_name="how many hours a week the child attends"),
        Field("attendance_concerns", "radios", "Are there any concerns about the child's attendance?", options=(
            Option("yes", "Yes", reveals=(
                Field("attendance_details", "text", "What is the child's attendance, if you know it?",
                      "For example, 82% over the last 12 months", error_name="the child's attendance"),
            )),
            Option("no", "No"),
            DONT_KNOW,
        )),
        yes_no("exclusions", "Has the child ever been suspended or permanently excluded?",
               "Suspensions used to be called fixed-term exclusions", reveals=(
                   long_text("exclusion_details", "Tell us about any suspensions or exclusions",
                             "Include dates, how long each one lasted and whether it was permanent",
                             error_name="details of the suspensions or exclusions"),
               )),
    )),
    Section(key="history", heading="Previous schools and settings", items=(
        Group("previous_settings", "Previous schools and settings", "school or setting",
              hint="Add any nurseries, schools or colleges the child went to before, starting with the most recent",
              title_fields=("name",), max_items=15, fields=(
                  Field("name", "text", "Name of the school or setting", required=True,
                        error_name="the name of the school or setting"),
                  past_date("from_date", "When did the child start there?", "the date the child started"),
                  past_date("to_date", "When did the child leave?", "the date the child left"),
              )),
    )),
    Section(key="support", heading="Support already in place", items=(
        Field("senco_name", "text", "What is the name of the SENCo at the child's school or setting?",
              "The special educational needs co-ordinator (SENCo) is the member of staff who organises extra help",
              error_name="the SENCo's name"),
        Field("senco_email", "email", "SENCo's email address", error_name="the SENCo's email address"),
        Field("senco_phone", "tel", "SENCo's phone number", error_name="the SENCo's phone number"),
        Field("on_sen_support", "radios", "Does the child get SEN support at their school or setting?",
              "SEN support is extra help a school gives children with special educational needs, without an EHC plan",
              options=(Option("yes", "Yes"), Option("no", "No"), DONT_KNOW)),
        Field("support_plan_type", "select", "What kind of support plan does the child have?", options=(
            Option("sen_support_plan", "SEN support plan"),
            Option("my_support_plan", "My Support Plan"),
            Option("one_plan", "One Plan"),
            Option("iep", "Individual education plan (IEP)"),
            Option("provision_map", "Provision map"),
            Option("health_care_plan", "Individual healthcare plan"),
            Option("other", "Another kind of plan"),
            Option("none", "The child does not have a support plan"),
            DONT_KNOW,
        )),
        Group("support_in_place", "Support the child gets now or has had", "support",
              hint="For example, a teaching assistant, small group work, a speech and language programme or "
                   "emotional literacy support",
              title_fields=("what_support",), max_items=20, fields=(
                  long_text("what_support", "What support does the child get?", required=True,
                            error_name="what support the child gets"),
                  Field("how_often", "text", "How often, and for how long?",
                        "For example, 30 minutes, 3 times a week"),
                  past_date("since_when", "When did it start?", "the date the support started"),
                  Field("provided_by", "text", "Who provides it?",
                        "For example, a teaching assistant, the SENCo or a speech and language therapist"),
                  long_text("impact", "What difference has it made?"),
              )),
        Field("extra_funding", "select", "Has the school or setting had extra money to support the child?",
              "Schools pay for the first £6,000 of extra help from their own budget, and the council can add "
              "top-up funding", options=(
                  Option("none", "No extra money"),
                  Option("notional_sen_budget", "The school's own SEN budget (up to £6,000)"),
                  Option("top_up", "Top-up funding from the council (element 3 or SEN Intervention Funding)"),
                  DONT_KNOW,
              )),
    )),
    Section(key="advice", heading="Specialist advice", items=(
        Group("specialist_advice", "Specialist services who have given advice", "service",
              hint="Tell us about specialist services the school or setting has asked for advice",
              title_fields=("service", "advice_date"), max_items=15, fields=(
                  Field("service", "select", "Which service gave advice?", required=True,
                        error_name="which service gave advice", options=(
                            Option("eps", "Educational psychology service (EPS)"),
                            Option("salt", "Speech and language therapy (SALT)"),
                            Option("ot", "Occupational therapy (OT)"),
                            Option("camhs", "Child and adolescent mental health services (CAMHS)"),
                            Option("sensory", "Sensory support (hearing or vision)"),
                            Option("specialist_teacher", "Specialist teaching service",
                                   "For example, the Complex Communication Team"),
                            Option("other", "Another service"),
                        )),
                  past_date("advice_date", "When did they give advice?", "the date they gave advice"),
                  Field("recommendations_followed", "radios", "Has the school or setting followed their advice?",
                        options=(Option("yes", "Yes"), Option("no", "No"), Option("partly", "Partly"), DONT_KNOW)),
              )),
    )),
    Section(key="future", heading="The future", items=(
        Field("preferred_future_setting", "text", "Is there a school, college or setting you would like the child "
                                                  "to go to in future?",
              "You do not need to name one now, and you can tell us later if we write a plan"),
    )),
))


# --- Step 6 -----------------------------------------------------------------------------------------------------

def need_area(key: str, heading: str, body: str, topic: str, difficulties: tuple[Option, ...]) -> Section:
    """One of the four broad areas of need (SEND Code of Practice 2015, chapter 6)."""
    return Section(key=key, heading=heading, body=body, items=(
        Field(f"{key}_applies", "radios", f"Does the child have {topic} difficulties?", inline=True, options=(
            Option("yes", "Yes"), Option("no", "No"), Option("not_sure", "Not sure"))),
        Field(f"{key}_difficulties", "checkboxes", f"Which {topic} difficulties does the child have?", SELECT_ALL,
              options=(*difficulties, Option("other", "Something else"))),
        long_text(f"{key}_what_you_see", f"What {topic} difficulties do you see?",
                  "Describe what happens at home, at school and in other places, with examples if you can"),
        long_text(f"{key}_what_helps", f"What helps the child with their {topic} difficulties?",
                  "For example, support, equipment or ways of doing things that help them manage"),
        long_text(f"{key}_support_impact",
                  f"What support does the child get for their {topic} difficulties, and what difference is it making?"),
    ))


STEP_6 = Step(6, "The child's needs",
              intro="Tell us about the child's needs in each of the 4 areas we look at, which often overlap. "
                    + BLANK_IS_FINE,
              sections=(
    need_area("communication_interaction", "Communication and interaction",
              "The child finds it hard to say what they want, to understand what others say, or to use the social "
              "rules of communication. This includes speech, language and communication needs, and autism.",
              "communication and interaction", (
                  Option("understanding_instructions", "Understanding what people say or following instructions"),
                  Option("expressing_needs", "Saying what they want or need"),
                  Option("speech_clarity", "Speaking clearly"),
                  Option("social_interaction", "Playing or getting on with other people"),
                  Option("social_rules", "Understanding social rules, such as taking turns in a conversation"),
                  Option("coping_with_change", "Coping with changes to their routine"),
              )),
    need_area("cognition_learning", "Cognition and learning",
              "The child learns at a slower pace than others of the same age, even with extra help. This includes "
              "general learning difficulties and specific learning difficulties such as dyslexia, dyscalculia and "
              "dyspraxia, and difficulties with memory.",
              "learning", (
                  Option("reading_writing", "Reading or writing"),
                  Option("maths", "Maths and numbers"),
                  Option("memory", "Remembering things"),
                  Option("slower_pace", "Learning at a slower pace than others of the same age"),
                  Option("attention", "Concentrating or paying attention"),
                  Option("organisation", "Planning and organising"),
              )),
    need_area("semh", "Social, emotional and mental health",
              "The child may be withdrawn or isolated, or behave in ways that are challenging or disruptive. This can "
              "reflect anxiety, depression, self-harm, eating difficulties, attachment difficulties or ADHD (attention "
              "deficit hyperactivity disorder).",
              "social, emotional and mental health", (
                  Option("anxiety", "Anxiety or worry"),
                  Option("low_mood", "Low mood"),
                  Option("friendships", "Making or keeping friends"),
                  Option("behaviour", "Behaviour that others find challenging"),
                  Option("school_avoidance", "Going to school"),
                  Option("self_harm", "Self-harm"),
                  Option("trusting_adults", "Trusting adults or forming close relationships"),
                  Option("eating", "Eating"),
              )),
    need_area("sensory_physical", "Sensory and physical",
              "The child has a hearing or vision impairment, a multi-sensory impairment, a physical disability, or a "
              "medical condition that affects their learning.",
              "sensory or physical", (
                  Option("hearing", "Hearing"),
                  Option("vision", "Seeing"),
                  Option("mobility", "Moving around, walking or balance"),
                  Option("fine_motor", "Using their hands, such as writing, cutting or doing up buttons"),
                  Option("sensory_processing", "Coping with noise, light, touch or other sensations"),
                  Option("medical", "A medical condition that affects their learning"),
              )),
    Section(key="overall", heading="Main need, diagnoses and disability", items=(
        Field("main_area_of_need", "select", "What do you think is the child's main area of need?",
              "Needs often cover more than one area, and may not be clear yet", options=(
                  Option("communication_interaction", "Communication and interaction"),
                  Option("cognition_learning", "Cognition and learning"),
                  Option("semh", "Social, emotional and mental health"),
                  Option("sensory_physical", "Sensory and physical"),
                  Option("not_sure", "Not sure"),
              )),
        Group("diagnoses", "Diagnoses and assessments", "diagnosis",
              hint="The child does not need a diagnosis for us to assess them, but tell us about any they have or "
                   "are waiting for",
              title_fields=("condition",), max_items=15, fields=(
                  Field("condition", "text", "Condition", "For example, autism, ADHD or cerebral palsy",
                        required=True, error_name="the condition"),
                  past_date("date_diagnosed", "When was it diagnosed?", "the date it was diagnosed"),
                  Field("diagnosed_by", "text", "Who diagnosed it?",
                        "The service or professional, for example a paediatrician or CAMHS"),
                  yes_no("awaiting_assessment", "Is the child waiting for an assessment for this condition?"),
                  Field("waiting_list", "text", "Which waiting list are they on?",
                        "For example, the service and how long they have been waiting"),
              )),
        Field("disabled", "radios", "Do you consider the child to be disabled?",
              "A disability is a physical or mental condition with a big, long-term effect on everyday life",
              options=(
                  Option("yes", "Yes", reveals=(
                      long_text("disability_details", "Tell us about the child's disability",
                                error_name="details of the child's disability"),
                  )),
                  Option("no", "No"),
                  DONT_KNOW,
              )),
        long_text("independence_self_care", "How independent is the child with everyday tasks and looking after "
                                            "themselves?",
                  "For example, dressing, eating, using the toilet, getting around and keeping safe"),
    )),
))


# --- Step 7 -----------------------------------------------------------------------------------------------------

STEP_7 = Step(7, "Health, social care and professionals involved",
              intro="Tell us about the child's health, any help from social care, and the professionals who know the "
                    "child. " + BLANK_IS_FINE,
              sections=(
    Section(key="gp", heading="The child's GP", items=(
        Field("gp_name", "text", "GP's name"),
        Field("gp_surgery", "text", "GP surgery"),
        long_text("gp_address", "GP surgery address", max_length=300),
        Field("gp_phone", "tel", "GP surgery phone number", error_name="the GP surgery's phone number"),
    )),
    Section(key="health", heading="Health", items=(
        long_text("health_needs", "Does the child have any health needs we should know about?",
                  "For example, medical conditions, medication, equipment, or care they need during the day",
                  error_name="the child's health needs"),
        Field("individual_healthcare_plan", "radios", "Does the child have an individual healthcare plan?",
              "This is a plan agreed with the school about how to meet the child's medical needs",
              options=(Option("yes", "Yes"), Option("no", "No"), DONT_KNOW)),
    )),
    Section(key="social_care", heading="Social care",
            body="If the child has a social worker, add them to the list of professionals below.",
            items=(
        Field("social_care_involvement", "checkboxes", "Does the child or family get help from social care?",
              SELECT_ALL, options=(
                  Option("early_help", "Early help"),
                  Option("child_in_need", "Child in need plan"),
                  Option("child_protection", "Child protection plan"),
                  Option("looked_after", "Looked after (in care)"),
                  Option("disabled_childrens_team", "Disabled children's team"),
                  Option("short_breaks", "Short breaks"),
                  Option("carers_assessment", "Carer's assessment"),
                  Option("none", "No, none of these"),
              )),
        yes_no("youth_justice", "Is the child known to the youth justice service?",
               "This used to be called the youth offending service"),
    )),
    Section(key="professionals", heading="Professionals who know the child", items=(
        Group("professionals", "Professionals involved with the child", "professional",
              hint="If we agree to carry out an assessment, we may ask these professionals for advice",
              title_fields=("name", "role"), max_items=20, fields=(
                  Field("name", "text", "Name", required=True, error_name="their name"),
                  Field("role", "select", "What is their role?", required=True, options=PROFESSIONAL_ROLES,
                        error_name="their role"),
                  Field("organisation", "text", "Organisation or service"),
                  Field("phone", "tel", "Phone number", error_name="their phone number"),
                  Field("email", "email", "Email address", error_name="their email address"),
                  past_date("date_last_seen", "When did they last see the child?", "the date they last saw the child"),
                  yes_no("report_available", "Have they written a report about the child?"),
                  past_date("report_date", "When was their most recent report written?",
                            "the date of their most recent report"),
              )),
    )),
    Section(key="advice", heading="Advice and contact", items=(
        Group("request_advice_from", "People you would like us to ask for advice", "person or service",
              hint="If we carry out an assessment, you can ask us to get advice from anyone who knows the child well",
              title_fields=("name_or_service",), max_items=10, fields=(
                  Field("name_or_service", "text", "Name of the person or service", required=True,
                        error_name="the name of the person or service"),
                  long_text("why", "Why would you like us to ask them?"),
              )),
        Group("do_not_contact", "People or services we should not contact", "person or service",
              hint="In exceptional cases, tell us about anyone you do not want us to contact or share information with",
              title_fields=("name_or_agency",), max_items=10, fields=(
                  Field("name_or_agency", "text", "Name of the person or service", required=True,
                        error_name="the name of the person or service"),
                  long_text("reason", "Why should we not contact them?"),
              )),
        Group("important_people", "Important people in the child's life", "person",
              hint="For example, family members, friends, a teacher or a club leader",
              title_fields=("name", "relationship"), max_items=15, fields=(
                  Field("name", "text", "Name", required=True, error_name="their name"),
                  Field("relationship", "text", "What is their relationship to the child?",
                        "For example, grandmother, best friend or football coach"),
                  long_text("why_important", "Why are they important to the child?"),
              )),
    )),
))


# --- Step 8 -----------------------------------------------------------------------------------------------------

STEP_8 = Step(8, "Supporting documents and anything else",
              intro="Upload any reports or documents that support the request. You do not have to upload anything, "
                    "and you can add documents after you submit.",
              sections=(
    Section(key="documents", heading="Supporting documents",
            body="Useful documents include support plans, school reports, and reports or letters from professionals "
                 "such as therapists, doctors and social workers. Reports from the last 12 to 18 months are the most "
                 "helpful.",
            items=(
        Group("documents", "Supporting documents", "document", storage="documents",
              hint="If you have a report or document to support your application from this service/professional, "
                   "please upload here.",
              title_fields=("document_type", "document_from"), max_items=30, fields=(
                  Field("document_type", "select", "What type of document is it?", required=True,
                        options=DOCUMENT_TYPES, error_name="the type of document"),
                  Field("document_from", "text", "Document from", "The person or service who wrote it",
                        required=True, max_length=150, error_name="who the document is from"),
                  Field("date_published", "date", "Date document published", "For example, 27 3 2023",
                        required=True, past_only=True, error_name="the date the document was published"),
                  Field("description", "long_text", "Description", max_length=800),
              )),
    )),
    Section(key="anything_else", heading="Anything else", items=(
        long_text("anything_else", "Is there anything else you would like to tell us?",
                  "For example, anything you have not had the chance to say elsewhere in this form"),
    )),
))


EHCNA = FormDefinition(
    key="ehcna",
    version="2026-11",
    title="Education, Health and Care Needs Assessment application form (EHCNA)",
    steps=(STEP_1, STEP_2, STEP_3, STEP_4, STEP_5, STEP_6, STEP_7, STEP_8),
)
