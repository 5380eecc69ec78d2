"""What a deployed app's runs carry: inputs, outputs, errors and input requests per app kind.

Each app kind (tenancy.KINDS) is a family of payloads that looks like a real deployed
workflow's: the support kind follows the docs' own example (ticket in, category out, as on the
listRuns page). Draws are the run's own (`Draw(key, position)`); names come from the engine's
frozen word pools. A returns run that refunds more than the approval threshold asks a human
first, so its request and its output name the same amount.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from emulator.engine import words
from emulator.engine.mix import Draw
from emulator.vendors.dynamiq.model import InputRequest
from emulator.vendors.dynamiq.tools import TOOLS

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
# Research summaries: what a company is said to win on, and what may hold it back.
STRENGTHS = ("delivery speed", "a loyal customer base", "low prices", "its partner network",
             "a strong brand", "fast product launches")  # fmt: skip
RISKS = ("rising costs", "thin margins", "a crowded market", "slow hiring", "new regulation")
ERRORS = (
    ("tool_error", "Tool '{tool}' failed: upstream returned 502"),
    ("llm_timeout", "LLM call timed out after 60s"),
    ("rate_limited", "Provider rate limit exceeded (429)"),
    ("validation_error", "Output did not match the workflow's output schema"),
)
# Refunds above this need a human's approval (inferred: a plausible policy).
APPROVAL_THRESHOLD = 150.0


def payload(kind: str, draw: Draw, asks: bool) -> tuple[Payload, Payload]:
    """(input, output) of one run of an app of this kind; `asks`: it asks a human first."""
    return _KINDS[kind](draw, asks)


def error(draw: Draw, kind: str) -> dict[str, str]:
    code, message = ERRORS[draw.below(len(ERRORS))]
    return {"code": code, "message": message.format(tool=TOOLS[kind][0])}


def _support(draw: Draw, _asks: bool) -> tuple[Payload, Payload]:
    name, invoice = words.first_name(draw), f"INV-{draw.between(10000, 99999)}"
    subject, body, category = TICKETS[draw.below(len(TICKETS))]
    return (
        {"ticket_subject": subject, "ticket_body": f"Hi, {body.format(invoice=invoice)} {name}"},
        {"category": category, "priority": draw.choice(("low", "normal", "high")),
         "suggested_reply": f"Hi {name}! Thanks for reaching out about {subject.lower()}. "
                            "We are on it and will update you within one business day."},
    )  # fmt: skip


def _order_number(draw: Draw) -> str:
    return f"ORD-{draw.between(100000, 999999)}"


def _returns(draw: Draw, asks: bool) -> tuple[Payload, Payload]:
    items = [{"sku": f"SKU-{draw.between(10000, 99999)}", "quantity": draw.between(1, 3)}
             for _ in range(draw.between(1, 3))]  # fmt: skip
    decision = "approved" if asks else draw.choice(("approved", "approved", "needs_review",
                                                    "rejected"))  # fmt: skip
    low, high = (APPROVAL_THRESHOLD, 900.0) if asks else (9.0, APPROVAL_THRESHOLD)
    refund = round(draw.uniform(low, high), 2) if decision == "approved" else 0.0
    order, name = _order_number(draw), words.first_name(draw)
    reply = {
        "approved": f"Hi {name}, your return for {order} is approved: ${refund:.2f} will be "
                    "back on your card in 5-7 business days.",
        "needs_review": f"Hi {name}, a teammate will review the return for {order} today.",
        "rejected": f"Hi {name}, {order} is outside the 30-day return window.",
    }[decision]  # fmt: skip
    return (
        {"order_id": order, "reason": draw.choice(RETURN_REASONS), "items": items},
        {"decision": decision, "refund_amount": refund, "currency": "USD", "reply": reply},
    )


def _order_status(draw: Draw, _asks: bool) -> tuple[Payload, Payload]:
    order, status = _order_number(draw), draw.choice(("processing", "shipped", "delivered"))
    output: Payload = {"order_status": status}
    answer = f"{order} is being packed and ships within 2 business days."
    if status != "processing":
        carrier, day = draw.choice(CARRIERS), draw.between(2, 9)
        output["carrier"] = carrier
        output["tracking_number"] = f"1Z{draw.bits() >> 4:016X}"
        answer = f"{order} was {status} by {carrier} {day} days ago."
    output["answer"] = f"Hi {words.first_name(draw)}! {answer}"
    return {"order_number": order, "question": draw.choice(QUESTIONS)}, output


def _catalog(draw: Draw, _asks: bool) -> tuple[Payload, Payload]:
    material, color = draw.choice(MATERIALS), draw.choice(COLORS)
    noun, path = PRODUCTS[draw.below(len(PRODUCTS))]
    title = f"{color.title()} {material.title()} {noun}"
    raw = f"{noun.lower()} - {material} - col. {color}"
    return (
        {"sku": f"SKU-{draw.between(10000, 99999)}", "title": title, "raw_description": raw},
        {"category_path": list(path), "attributes": {"color": color, "material": material},
         "seo_description": f"A {color} {noun.lower()} in {material}. {words.sentence(draw)}"},
    )  # fmt: skip


def _research(draw: Draw, _asks: bool) -> tuple[Payload, Payload]:
    company, rivals = words.company(draw), (words.company(draw), words.company(draw))
    sources = [{"title": f"{draw.choice((company, *rivals))}: {draw.choice(STRENGTHS)}",
                "url": f"https://{words.domain(draw)}/{draw.choice(SLUGS)}"}
               for _ in range(draw.between(1, 4))]  # fmt: skip
    summary = (
        f"{company} competes with {rivals[0]} and {rivals[1]} on {draw.choice(STRENGTHS)}; "
        f"analysts point to {draw.choice(RISKS)} as the main risk."
    )
    return (
        {"query": f"Competitive landscape of {company}", "max_sources": (3, 5, 10)[draw.below(3)]},
        {"summary": summary, "sources": sources},
    )


_KINDS: dict[str, Callable[[Draw, bool], tuple[Payload, Payload]]] = {
    "support": _support,
    "returns": _returns,
    "order_status": _order_status,
    "catalog": _catalog,
    "research": _research,
}


def input_request(
    draw: Draw, run_input: Mapping[str, Any], output: Mapping[str, Any]
) -> InputRequest:
    """An approval for money moving (the refund the output names), else a question for a
    human (docs: getRun). A client's input may name an order that no refund is for."""
    if "order_id" in run_input and "refund_amount" in output:
        amount = float(output["refund_amount"])
        return InputRequest(
            id=draw.uuid4(),
            type="approval_request",
            prompt=f"Approve a refund of ${amount:.2f} for order {run_input['order_id']}?",
            params={"order_id": run_input["order_id"], "amount": amount, "currency": "USD"},
            editable_params=("amount",),
        )
    return InputRequest(
        id=draw.uuid4(),
        type="human_feedback_request",
        prompt="The sources disagree. Which one should the answer rely on?",
        params={"options": ["first source", "second source"]},
    )
