"""What a deployed app's runs carry: inputs, outputs, errors and input requests per app kind.

Each app kind (tenancy.KINDS) is a family of payloads that looks like a real deployed
workflow's: the support kind follows the docs' own example (ticket in, category out, as on the
listRuns page). Draws come from the generator's `random.Random` and its per-tenant Faker pools.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from emulator.vendors.dynamiq.model import InputRequest

Payload = dict[str, Any]
CARRIERS = ("UPS", "FedEx", "USPS", "DHL")
PRODUCTS = (
    ("Skillet", ("Home", "Kitchen", "Cookware")), ("Duvet Cover", ("Home", "Bedding", "Duvets")),
    ("Trail Tent", ("Outdoor", "Camping", "Tents")), ("Rain Jacket", ("Apparel", "Outerwear")),
    ("Headphones", ("Electronics", "Audio", "Headphones")), ("Desk Lamp", ("Home", "Lighting")),
)  # fmt: skip
MATERIALS = ("cotton", "cast iron", "recycled polyester", "oak", "merino wool", "aluminium")
COLORS = ("black", "navy", "sand", "olive", "terracotta", "slate grey")
TICKETS = (
    ("Charged twice for my invoice", "my card was charged twice for {invoice}.", "billing"),
    ("Cannot log in", "the reset link says it expired every time I try.", "account"),
    ("Refund status", "I was promised a refund for {invoice} two weeks ago.", "billing"),
    ("Change my delivery address", "I moved last week, can you update my address?", "shipping"),
    ("Cancel my subscription", "please cancel before the next renewal.", "account"),
)
RETURN_REASONS = (
    "Wrong size, I need a medium", "Arrived damaged, the box was crushed",
    "Not as described on the product page", "The zipper broke after two days",
    "Ordered twice by mistake",
)  # fmt: skip
QUESTIONS = ("Where is my order?", "When will it arrive?", "Has it shipped yet?")
SLUGS = ("annual-report-2025", "pricing", "blog/market-update", "news/funding-round", "about")
ERRORS = (
    ("tool_error", "Tool 'lookup_order' failed: upstream returned 502"),
    ("llm_timeout", "LLM call timed out after 60s"),
    ("rate_limited", "Provider rate limit exceeded (429)"),
    ("validation_error", "Output did not match the workflow's output schema"),
)
TOOLS = {
    "support": ("search_knowledge_base", "classify_ticket"),
    "returns": ("lookup_order", "check_return_policy", "issue_refund"),
    "order_status": ("get_order", "track_shipment"),
    "catalog": ("fetch_product", "classify_taxonomy", "extract_attributes"),
    "research": ("web_search", "fetch_page", "summarize"),
}


@dataclass(slots=True)
class Pools:
    """Faker draws made once per tenant; runs pick from them (Faker is the slow part)."""

    first_names: list[str]
    companies: list[str]
    phrases: list[str]
    domains: list[str]

    @classmethod
    def drawn(cls, fake: Any, size: int) -> Pools:
        return cls(
            [fake.first_name() for _ in range(size)],
            [fake.company() for _ in range(size)],
            [fake.catch_phrase() for _ in range(size)],
            [fake.domain_name() for _ in range(size)],
        )


def new_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def payload(kind: str, rng: random.Random, pools: Pools) -> tuple[Payload, Payload]:
    """(input, output) of one run of an app of this kind."""
    return _KINDS[kind](rng, pools)


def error(rng: random.Random) -> dict[str, str]:
    code, message = rng.choice(ERRORS)
    return {"code": code, "message": message}


def _support(rng: random.Random, pools: Pools) -> tuple[Payload, Payload]:
    name, invoice = rng.choice(pools.first_names), f"INV-{rng.randint(10000, 99999)}"
    subject, body, category = rng.choice(TICKETS)
    return (
        {"ticket_subject": subject, "ticket_body": f"Hi, {body.format(invoice=invoice)} {name}"},
        {"category": category, "priority": rng.choice(("low", "normal", "high")),
         "suggested_reply": f"Hi {name}! Thanks for reaching out about {subject.lower()}. "
                            "We are on it and will update you within one business day."},
    )  # fmt: skip


def _order_number(rng: random.Random) -> str:
    return f"ORD-{rng.randint(100000, 999999)}"


def _returns(rng: random.Random, pools: Pools) -> tuple[Payload, Payload]:
    items = [{"sku": f"SKU-{rng.randint(10000, 99999)}", "quantity": rng.randint(1, 3)}
             for _ in range(rng.randint(1, 3))]  # fmt: skip
    decision = rng.choice(("approved", "approved", "needs_review", "rejected"))
    refund = round(rng.uniform(9, 400), 2) if decision == "approved" else 0.0
    order, name = _order_number(rng), rng.choice(pools.first_names)
    reply = {
        "approved": f"Hi {name}, your return for {order} is approved: ${refund:.2f} will be "
                    "back on your card in 5-7 business days.",
        "needs_review": f"Hi {name}, a teammate will review the return for {order} today.",
        "rejected": f"Hi {name}, {order} is outside the 30-day return window.",
    }[decision]  # fmt: skip
    return (
        {"order_id": order, "reason": rng.choice(RETURN_REASONS), "items": items},
        {"decision": decision, "refund_amount": refund, "currency": "USD", "reply": reply},
    )


def _order_status(rng: random.Random, pools: Pools) -> tuple[Payload, Payload]:
    order, status = _order_number(rng), rng.choice(("processing", "shipped", "delivered"))
    output: Payload = {"order_status": status}
    answer = f"{order} is being packed and ships within 2 business days."
    if status != "processing":
        carrier, day = rng.choice(CARRIERS), rng.randint(2, 9)
        output["carrier"] = carrier
        output["tracking_number"] = f"1Z{rng.getrandbits(60):016X}"
        answer = f"{order} was {status} by {carrier} {day} days ago."
    output["answer"] = f"Hi {rng.choice(pools.first_names)}! {answer}"
    return {"order_number": order, "question": rng.choice(QUESTIONS)}, output


def _catalog(rng: random.Random, pools: Pools) -> tuple[Payload, Payload]:
    material, color = rng.choice(MATERIALS), rng.choice(COLORS)
    noun, path = rng.choice(PRODUCTS)
    title = f"{color.title()} {material.title()} {noun}"
    raw = f"{noun.lower()} - {material} - col. {color} - {rng.choice(pools.phrases)}"
    return (
        {"sku": f"SKU-{rng.randint(10000, 99999)}", "title": title,
         "raw_description": raw},
        {"category_path": list(path), "attributes": {"color": color, "material": material},
         "seo_description": f"A {color} {noun.lower()} in {material}. "
                            f"{rng.choice(pools.phrases).capitalize()}."},
    )  # fmt: skip


def _research(rng: random.Random, pools: Pools) -> tuple[Payload, Payload]:
    company = rng.choice(pools.companies)
    rivals = rng.sample(pools.companies, 2)
    sources = [{"title": f"{rng.choice((company, *rivals))}: {rng.choice(pools.phrases)}",
                "url": f"https://{rng.choice(pools.domains)}/{rng.choice(SLUGS)}"}
               for _ in range(rng.randint(1, 4))]  # fmt: skip
    summary = (
        f"{company} competes with {rivals[0]} and {rivals[1]}. Its pitch: "
        f"{rng.choice(pools.phrases).lower()}; analysts point to "
        f"{rng.choice(pools.phrases).lower()} as the main risk."
    )
    return (
        {"query": f"Competitive landscape of {company}", "max_sources": rng.choice((3, 5, 10))},
        {"summary": summary, "sources": sources},
    )


_KINDS: dict[str, Callable[[random.Random, Pools], tuple[Payload, Payload]]] = {
    "support": _support,
    "returns": _returns,
    "order_status": _order_status,
    "catalog": _catalog,
    "research": _research,
}


def input_request(rng: random.Random, run_input: Mapping[str, Any]) -> InputRequest:
    """An approval for money moving, else a question for a human (docs: getRun)."""
    if "order_id" in run_input:
        amount = round(rng.uniform(150, 900), 2)
        return InputRequest(
            id=new_uuid(rng),
            type="approval_request",
            prompt=f"Approve a refund of ${amount:.2f} for order {run_input['order_id']}?",
            params={"order_id": run_input["order_id"], "amount": amount, "currency": "USD"},
            editable_params=("amount",),
        )
    return InputRequest(
        id=new_uuid(rng),
        type="human_feedback_request",
        prompt="The sources disagree. Which one should the answer rely on?",
        params={"options": ["first source", "second source"]},
    )
