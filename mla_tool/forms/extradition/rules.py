"""Completeness rules of extradition and provisional-arrest requests, each citing its article."""

# module-size: data table
# References: UN Convention against Transnational Organized Crime (UNTOC) arts. 2(b) and 16;
# UN Model Treaty on Extradition (General Assembly resolution 45/116, "Model Treaty") arts. 2-5,
# 9 and 14. Penalty thresholds come from the treaty recorded in the request, the legal basis's or
# the requested state's requirement profile (thresholds.py); where none records one, the rules
# warn and name what is unknown, they never block. The time limit for the formal request after a
# provisional arrest comes from the request, the legal basis's or the requested state's profile;
# unknown, the case counts the Model Treaty's 40 days (art. 9(4)) and a rule warns. The grounds
# of refusal anticipated (refusal_grounds.py) warn while an applicable one is unanswered.

from __future__ import annotations

from ..fieldspec import N_, is_filled
from ..rules import ERROR, WARNING, Rule, required, unless
from .annex_checks import (
    certification_requirement,
    documents_language_unknown,
    documents_missing,
    documents_not_certified,
    documents_not_translated,
    documents_to_follow,
)
from .checks import (
    acts_described,
    assurance_needed,
    death_penalty_possible,
    description_missing,
    for_enforcement,
    for_prosecution,
    group_missing,
    has_offences,
    in_absentia,
    limitation_expired,
    limitation_unknown,
    national_of_requested_state,
    no_photo_or_fingerprints,
    offences_needing,
    offences_of_nature,
    penalty_unreadable,
    person_sought_missing,
    remaining_unreadable,
)
from .choices import EXTRADITION_KINDS, FORMAL_ONLY, PROVISIONAL_ONLY
from .provisional_checks import channel_not_accepted, time_limit_unknown, undertaking_missing
from .refusal_checks import REFUSAL_RULES, answered, retrial_not_needed
from .thresholds import (
    accessory_below_threshold,
    enforcement_threshold_unknown,
    outside_basis_scope,
    remaining_below_threshold,
    threshold_not_met,
    threshold_unknown,
    treaty_required,
)

MODEL = "UN Model Treaty on Extradition"
EXTRADITION_RULES: tuple[Rule, ...] = (
    Rule(
        "extradition_subject_missing",
        "subject",
        ERROR,
        required("subject"),
        N_("Describe the proceedings for which extradition is sought."),
        f"{MODEL} art. 5(2)",
        kinds=EXTRADITION_KINDS,
    ),
    Rule(
        "extradition_stage_missing",
        "proceedings.stage",
        ERROR,
        required("proceedings.stage"),
        N_("Say whether extradition is sought for prosecution or to enforce a sentence."),
        f"{MODEL} art. 5(2)(c)-(d)",
        weight=2,
        kinds=EXTRADITION_KINDS,
    ),
    Rule(
        "person_sought_missing",
        "persons",
        ERROR,
        person_sought_missing,
        N_("Identify the person sought: full name, aliases, nationality, location."),
        f"{MODEL} art. 5(2)(a)",
        weight=3,
        kinds=EXTRADITION_KINDS,
    ),
    Rule(
        "person_birth_date_missing",
        "persons",
        WARNING,
        lambda ctx: [
            (f"persons[{i}].birth_date", {"number": i + 1})
            for i, person in enumerate(ctx.items("persons"))
            if not is_filled(person.get("birth_date"))
        ],
        N_("Give the date of birth of person %(number)s: it helps to establish identity."),
        f"{MODEL} art. 5(2)(a)",
        kinds=EXTRADITION_KINDS,
        applies=lambda ctx: bool(ctx.items("persons")),
    ),
    Rule(
        "person_description_missing",
        "person_description.description",
        ERROR,
        description_missing,
        N_("Describe the person sought as accurately as possible."),
        f"{MODEL} art. 5(2)(a)",
        weight=2,
        kinds=EXTRADITION_KINDS,
    ),
    Rule(
        "identification_material_missing",
        "person_description.photograph",
        WARNING,
        no_photo_or_fingerprints,
        N_("Neither a photograph nor fingerprints are available: they make identification sure."),
        f"{MODEL} art. 5(2)(a)",
        kinds=EXTRADITION_KINDS,
    ),
    Rule(
        "national_of_requested_state",
        "persons",
        WARNING,
        national_of_requested_state,
        N_(
            "Person %(number)s is a national of the requested state, which may refuse to "
            "extradite its nationals. If it does, it must submit the case to its own "
            "prosecutors (aut dedere aut judicare, art. 16(10)); for a sentence, it may "
            "enforce it itself (art. 16(12)). Say under Assurances which you would accept."
        ),
        "UNTOC art. 16(10), 16(11), 16(12)",
        weight=2,
        kinds=EXTRADITION_KINDS,
        applies=lambda ctx: bool(ctx.items("persons") and ctx.value("requested_state")),
        profile_fields=("extradites_nationals",),
    ),
    Rule(
        "warrant_missing",
        "warrant",
        ERROR,
        group_missing("warrant.issued_by", "warrant.issued_on", "warrant.number"),
        N_("Give the arrest warrant: the authority that issued it, its date and its number."),
        f"{MODEL} art. 5(2)(c), art. 9(2)",
        weight=3,
        kinds=EXTRADITION_KINDS,
        applies=for_prosecution,
    ),
    Rule(
        "judgment_missing",
        "judgment",
        ERROR,
        group_missing("judgment.court", "judgment.date", "judgment.sentence", "judgment.remaining"),
        N_("Give the judgment: the court, its date, the sentence and the time left to serve."),
        f"{MODEL} art. 5(2)(d), art. 9(2)",
        weight=3,
        kinds=EXTRADITION_KINDS,
        applies=for_enforcement,
    ),
    Rule(
        "remaining_below_threshold",
        "judgment.remaining",
        ERROR,
        remaining_below_threshold,
        N_(
            "Time left to serve (%(remaining)s) is below the threshold for enforcement "
            "(%(threshold)s, %(source)s): extradition would be refused."
        ),
        f"{MODEL} art. 2(1); UNTOC art. 16(7)",
        weight=2,
        kinds=EXTRADITION_KINDS,
        applies=for_enforcement,
    ),
    Rule(
        "enforcement_threshold_unknown",
        "judgment.remaining",
        WARNING,
        enforcement_threshold_unknown,
        N_(
            "Time left to serve (%(remaining)s): the least time left to serve for extradition "
            "is not recorded, neither in the request (Legal basis) nor in the profile of the "
            "legal basis or the requested state; check the treaty or the requested state's "
            "law (the UN Model Treaty on Extradition proposes four or six months)."
        ),
        f"{MODEL} art. 2(1); UNTOC art. 16(7)",
        kinds=EXTRADITION_KINDS,
        applies=for_enforcement,
        profile_fields=("enforcement_min_remaining_months",),
    ),
    Rule(
        "remaining_unreadable",
        "judgment.remaining",
        WARNING,
        remaining_unreadable,
        N_("Write the time left to serve as a duration (e.g. 2 years 6 months)."),
        f"{MODEL} art. 5(2)(d)",
        kinds=EXTRADITION_KINDS,
        applies=for_enforcement,
    ),
    Rule(
        "extradition_offences_missing",
        "offences",
        ERROR,
        lambda ctx: (
            []
            if any(is_filled(o.get("name")) for o in ctx.items("offences"))
            else [("offences", {})]
        ),
        N_("Name the offences for which extradition is sought."),
        f"{MODEL} art. 5(2)(b); UNTOC art. 16(1)",
        weight=3,
        kinds=EXTRADITION_KINDS,
    ),
    Rule(
        "offence_law_text_missing",
        "offences",
        ERROR,
        offences_needing("text"),
        N_("Quote the text of the law creating offence %(number)s."),
        f"{MODEL} art. 5(2)(b)",
        weight=2,
        kinds=FORMAL_ONLY,
        applies=has_offences,
    ),
    Rule(
        "offence_penalty_missing",
        "offences",
        ERROR,
        offences_needing("max_penalty"),
        N_("Give the maximum penalty for offence %(number)s."),
        f"{MODEL} art. 5(2)(b), art. 9(2)",
        weight=2,
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "offence_below_threshold",
        "offences",
        ERROR,
        threshold_not_met,
        N_(
            "Offence %(number)s: the maximum penalty (%(penalty)s) is below the threshold "
            "(%(threshold)s, %(source)s) and no other offence of the request reaches it: it is "
            "not an extraditable offence."
        ),
        f"UNTOC art. 16(7); {MODEL} art. 2(1)",
        weight=3,
        kinds=EXTRADITION_KINDS,
        applies=lambda ctx: has_offences(ctx) and for_prosecution(ctx),
    ),
    Rule(
        "offence_accessory_below_threshold",
        "offences",
        WARNING,
        accessory_below_threshold,
        N_(
            "Offence %(number)s: the maximum penalty (%(penalty)s) is below the threshold "
            "(%(threshold)s, %(source)s); it may be granted with the offences that reach it, "
            "as an accessory offence: %(accessory)s."
        ),
        "UNTOC art. 16(3)",
        kinds=EXTRADITION_KINDS,
        applies=lambda ctx: has_offences(ctx) and for_prosecution(ctx),
    ),
    Rule(
        "extradition_threshold_unknown",
        "offences",
        WARNING,
        threshold_unknown,
        N_(
            "Offence %(number)s (%(penalty)s): the least penalty for extradition is not "
            "recorded, neither in the request (Legal basis) nor in the profile of the legal "
            "basis or the requested state; check the treaty or the requested state's law (the "
            "UN Model Treaty on Extradition proposes one or two years)."
        ),
        f"UNTOC art. 16(7); {MODEL} art. 2(1)",
        kinds=EXTRADITION_KINDS,
        applies=lambda ctx: has_offences(ctx) and for_prosecution(ctx),
        profile_fields=("extradition_min_penalty_months",),
    ),
    Rule(
        "offence_outside_basis_scope",
        "offences",
        WARNING,
        outside_basis_scope,
        N_(
            "Offence %(number)s (%(penalty)s) is below UNTOC's serious crime (%(threshold)s): "
            "the Convention covers it only as an offence established under its arts. 5, 6, 8 "
            "or 23, or together with a serious crime; %(route)s."
        ),
        "UNTOC art. 2(b), 16(1), 16(3)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "extradition_treaty_required",
        "legal_basis",
        WARNING,
        treaty_required,
        N_(
            "The requested state extradites only under a treaty (%(source)s): cite it, and "
            "record its threshold."
        ),
        "UNTOC art. 16(4)-(5)",
        kinds=EXTRADITION_KINDS,
        applies=lambda ctx: bool(ctx.value("requested_state")),
        profile_fields=("extradition_requires_treaty",),
    ),
    Rule(
        "offence_penalty_unreadable",
        "offences",
        WARNING,
        penalty_unreadable,
        N_(
            "Offence %(number)s: write the maximum penalty as a duration (e.g. 10 years) so "
            "that the threshold can be checked."
        ),
        f"{MODEL} art. 5(2)(b)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "limitation_expired",
        "offences",
        ERROR,
        limitation_expired,
        N_(
            "Offence %(number)s: the limitation period ended on %(date)s; extradition would "
            "be refused (lapse of time)."
        ),
        f"{MODEL} art. 3(e)",
        weight=3,
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "limitation_unknown",
        "offences",
        WARNING,
        limitation_unknown,
        N_(
            "Offence %(number)s: give the limitation period and the date of the offence (or "
            "the date the period ends) so that the requested state can see it has not expired."
        ),
        f"{MODEL} art. 3(e)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "offence_time_missing",
        "offences",
        ERROR,
        offences_needing("committed_on"),
        N_("Give the time when offence %(number)s was committed."),
        f"{MODEL} art. 5(2)(c), art. 9(2)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "offence_place_missing",
        "offences",
        ERROR,
        offences_needing("place"),
        N_("Give the place where offence %(number)s was committed."),
        f"{MODEL} art. 5(2)(c), art. 9(2)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "offence_acts_missing",
        "offences",
        ERROR,
        offences_needing("facts", skip=acts_described),
        N_("Describe the acts or omissions constituting offence %(number)s."),
        f"{MODEL} art. 5(2)(c)-(d)",
        weight=2,
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "dual_criminality_prompt",
        "offences",
        WARNING,
        offences_needing("equivalent_offence"),
        N_(
            "Offence %(number)s: if you know it, name the equivalent offence in the requested "
            "state's law (dual criminality)."
        ),
        f"UNTOC art. 16(1); {MODEL} art. 2(1)-(2)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "offence_nature_unstated",
        "offences",
        WARNING,
        offences_needing("nature"),
        N_(
            "Offence %(number)s: say whether it is an ordinary offence or could be seen as "
            "political, fiscal or military."
        ),
        f"UNTOC art. 16(14)-(15); {MODEL} art. 3(a), 3(c)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "political_offence",
        "offences",
        WARNING,
        unless(lambda ctx: answered(ctx, "political"), offences_of_nature("political")),
        N_(
            "Offence %(number)s could be seen as political, a ground to refuse: show that the "
            "prosecution is for an ordinary crime and not for a person's opinions, and ask "
            "for consultation before any refusal."
        ),
        f"{MODEL} art. 3(a)-(b); UNTOC art. 16(14), 16(16)",
        weight=2,
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "fiscal_offence",
        "offences",
        WARNING,
        offences_of_nature("fiscal"),
        N_(
            "Offence %(number)s is fiscal: extradition may not be refused on the sole ground "
            "that it involves fiscal matters; say so and ask for consultation before any "
            "refusal."
        ),
        f"UNTOC art. 16(15), 16(16); {MODEL} art. 2(3)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "military_offence",
        "offences",
        WARNING,
        unless(lambda ctx: answered(ctx, "military"), offences_of_nature("military")),
        N_("Offence %(number)s is military: the requested state may refuse for that reason."),
        f"{MODEL} art. 3(c)",
        kinds=EXTRADITION_KINDS,
        applies=has_offences,
    ),
    Rule(
        "death_penalty_assurance_missing",
        "assurances",
        ERROR,
        assurance_needed("death_penalty"),
        N_(
            "The death penalty can be imposed for an offence: give the assurance that it will "
            "not be imposed or, if imposed, not carried out."
        ),
        f"{MODEL} art. 4(d)",
        weight=3,
        kinds=FORMAL_ONLY,
        applies=death_penalty_possible,
        profile_fields=("death_penalty_assurance_required",),
    ),
    Rule(
        "retrial_assurance_missing",
        "assurances",
        ERROR,
        unless(retrial_not_needed, assurance_needed("retrial_in_absentia")),
        N_(
            "The judgment was given in absentia: guarantee that the person may have the case "
            "retried in their presence, and say how they may prepare their defence."
        ),
        f"{MODEL} art. 3(g), 5(2)(e)",
        weight=3,
        kinds=FORMAL_ONLY,
        applies=in_absentia,
    ),
    Rule(
        "speciality_undertaking_missing",
        "assurances",
        ERROR,
        assurance_needed("speciality"),
        N_(
            "Give the speciality undertaking: the person will not be proceeded against, "
            "sentenced or re-extradited for another offence committed before surrender."
        ),
        f"{MODEL} art. 14",
        weight=2,
        kinds=FORMAL_ONLY,
    ),
    Rule(
        "supporting_document_missing",
        "supporting_documents",
        ERROR,
        documents_missing,
        N_("The supporting documents must include: %(document)s."),
        f"{MODEL} art. 5(2)",
        weight=3,
        kinds=FORMAL_ONLY,
    ),
    Rule(
        "supporting_document_to_follow",
        "supporting_documents",
        WARNING,
        documents_to_follow,
        N_("Document %(number)s is to follow: the requested state will wait for it."),
        f"{MODEL} art. 6",
        kinds=FORMAL_ONLY,
        applies=lambda ctx: bool(ctx.items("supporting_documents")),
    ),
    Rule(
        "supporting_document_language_missing",
        "supporting_documents",
        WARNING,
        documents_language_unknown,
        N_("Say in which language document %(number)s is written."),
        f"{MODEL} art. 5(3)",
        kinds=FORMAL_ONLY,
        applies=lambda ctx: bool(ctx.items("supporting_documents")),
    ),
    Rule(
        "supporting_document_not_translated",
        "supporting_documents",
        ERROR,
        documents_not_translated,
        N_(
            "Document %(number)s is in a language the requested state does not accept "
            "(%(languages)s): attach a translation."
        ),
        f"{MODEL} art. 5(3)",
        weight=2,
        kinds=FORMAL_ONLY,
        applies=lambda ctx: bool(ctx.items("supporting_documents") and ctx.accepted_languages),
    ),
    Rule(
        "supporting_document_not_certified",
        "supporting_documents",
        ERROR,
        documents_not_certified,
        N_(
            "Document %(number)s must be certified or authenticated; the requested state "
            "asks: %(requirement)s"
        ),
        f"{MODEL} art. 5(2)(d), art. 6; directory",
        weight=2,
        kinds=FORMAL_ONLY,
        applies=lambda ctx: bool(
            ctx.items("supporting_documents") and certification_requirement(ctx.requirements)
        ),
    ),
    Rule(
        "formal_request_undertaking_missing",
        "extradition.formal_request_undertaking",
        ERROR,
        undertaking_missing,
        N_("Undertake that the formal request for extradition will follow within the time limit."),
        f"{MODEL} art. 9(2); UNTOC art. 16(9)",
        weight=3,
        kinds=PROVISIONAL_ONLY,
    ),
    Rule(
        "provisional_time_limit_unconfirmed",
        "extradition.time_limit_days",
        WARNING,
        time_limit_unknown,
        N_(
            "The time limit for the formal request is not known: neither the request, its "
            "legal basis nor the requested state's profile records it. The case counts "
            "%(days)s days from the arrest (%(source)s): ask the requested state and record "
            "the treaty's limit."
        ),
        f"{MODEL} art. 9(4)",
        kinds=PROVISIONAL_ONLY,
        profile_fields=("provisional_arrest_days",),
    ),
    Rule(
        "provisional_channel_missing",
        "extradition.channel",
        WARNING,
        required("extradition.channel"),
        N_("Say how the request is sent: through INTERPOL, directly or diplomatically."),
        f"{MODEL} art. 9(1)",
        kinds=PROVISIONAL_ONLY,
    ),
    Rule(
        "provisional_channel_not_accepted",
        "extradition.channel",
        WARNING,
        channel_not_accepted,
        N_("The directory records other channels for this authority: %(channels)s."),
        f"{MODEL} art. 9(1)",
        kinds=PROVISIONAL_ONLY,
        applies=lambda ctx: bool(ctx.value("extradition.channel") and ctx.authority),
        profile_fields=("channels",),
    ),
    Rule(
        "provisional_urgency_missing",
        "urgent.reason",
        WARNING,
        required("urgent.reason"),
        N_("Say why the arrest is urgent (risk of flight, imminent departure)."),
        "UNTOC art. 16(9)",
        kinds=PROVISIONAL_ONLY,
    ),
    *REFUSAL_RULES,
)
