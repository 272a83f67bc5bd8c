"""Rules considered and decided against (or built as data, not as a finding), with the provisions
and the reasoning: docs/rules.md prints them, and a test keeps any rule from demanding them."""

from __future__ import annotations

from dataclasses import dataclass

EPOC_QUOTE_FROM = (
    "Regulation (EU) 2023/1543, OJ L 191, 28.7.2023 (CELEX 32023R1543), as stored from "
    "fantasticsearch.net and eur-lex.europa.eu"
)


@dataclass(frozen=True)
class Provision:
    """A provision a decision rests on, with a short quote and where the quote comes from."""

    provision: str
    quote: str
    quote_from: str


@dataclass(frozen=True)
class Decision:
    """A rule considered: what it would demand, what was decided, why."""

    code: str
    title: str
    decision: str
    reasoning: str
    provisions: tuple[Provision, ...]
    #: Text no rule's reference may contain (a rule demanding what was decided against).
    never_cited: tuple[str, ...] = ()


DECISIONS: tuple[Decision, ...] = (
    Decision(
        "epoc_penalty_threshold",
        "Penalty threshold of a European Production Order for traffic and content data",
        "Not built: no rule demands it.",
        "Art. 5(4) conditions the issuing of a European Production Order, a binding decision of "
        "an EU Member State's issuing authority addressed directly to a service provider. The "
        "tool's kinds of request (mla_tool/request_kinds.py: mla, extradition, "
        "provisional_arrest, preservation, emergency_disclosure) are all requests from one "
        "state to another state's central authority or 24/7 contact point (UNTOC art. 18, "
        "Budapest arts. 29-35, Second Additional Protocol arts. 9-10); none is an order to a "
        "provider, and no legal basis the tool offers is the Regulation. A threshold for such "
        "requests comes from the legal basis and the requested state's law (its requirement "
        "profile), never from art. 5(4). The Regulation's definition of data 'for the sole "
        "purpose of identifying the user' (art. 3(10)) is used only as a data category, and "
        "the validation of art. 4 only as a warning (issuer_not_validated). Should the tool "
        "ever issue EPOC certificates, the threshold becomes a rule of that kind alone.",
        (
            Provision(
                "Regulation (EU) 2023/1543 art. 5(1)",
                "An issuing authority may only issue a European Production Order where the "
                "conditions set out in this Article are fulfilled.",
                EPOC_QUOTE_FROM,
            ),
            Provision(
                "Regulation (EU) 2023/1543 art. 5(4)",
                "A European Production Order to obtain traffic data, except for data requested "
                "for the sole purpose of identifying the user as defined in Article 3, point "
                "(10), of this Regulation or to obtain content data shall only be [issued for "
                "offences punishable by a custodial sentence of a maximum of at least 3 years, "
                "or listed offences]",
                EPOC_QUOTE_FROM + "; the bracketed end is the project's summary",
            ),
            Provision(
                "Regulation (EU) 2023/1543 art. 4(1)",
                "A European Production Order to obtain subscriber data [...] may be issued "
                "only by: (a) a judge, a court, an investigating judge or a public prosecutor "
                "competent in the case concerned",
                EPOC_QUOTE_FROM,
            ),
        ),
        never_cited=("2023/1543 art. 5(4)", "2023/1543 arts. 5(4)"),
    ),
    Decision(
        "preservation_period",
        "Preservation period",
        "Built as data, not as a finding: the requested state's profile field "
        "`preservation_days` (days) refuses a value under 60, and where it records none the "
        "expiry countdown counts 60 days.",
        "Art. 29(7) sets the least period every party keeps preserved data; a state's own "
        "longer period (e.g. 90 days in the United States) is a fact of its profile, with its "
        "source and date. The period is no longer read out of a directory entry's free text: "
        "migration 0025 moved each unambiguous one into the profile and left the others with "
        "a warning. No finding warns of an unrecorded period: the author of a request cannot "
        "supply directory data, and the request itself asks for at least 60 days citing "
        "art. 29(7).",
        (
            Provision(
                "Budapest Convention art. 29(7)",
                "for at least 60 days (art. 29(7)), renewable",
                "DOMAIN.md (the project's summary of the instrument, not its official text)",
            ),
        ),
    ),
)
