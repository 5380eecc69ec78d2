"""The tools each app kind's agent calls, and what a call of one takes and returns, made from
the run's own input and output so that events say what the run says.

A returns agent looks the order up and checks the policy before anything else; it issues a
refund only for an approved return, and, when the refund needs a human, only after the
approval was answered (`AFTER_APPROVAL`). A failed run whose error names a tool stops at that
tool's call, which never completes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

TOOLS = {
    "support": ("search_knowledge_base", "classify_ticket"),
    "returns": ("lookup_order", "check_return_policy", "issue_refund"),
    "order_status": ("get_order", "track_shipment"),
    "catalog": ("fetch_product", "classify_taxonomy", "extract_attributes"),
    "research": ("web_search", "fetch_page", "summarize"),
}
AFTER_APPROVAL = frozenset({"issue_refund"})
_FAILING = re.compile(r"Tool '(\w+)' failed")
Doc = Mapping[str, Any]
# tool -> (the run's input, its output or {}) -> (the call's input, its result)
_CALLS: dict[str, Callable[[Doc, Doc], tuple[dict[str, Any], dict[str, Any]]]] = {
    "search_knowledge_base": lambda i, _o: ({"query": i.get("ticket_subject")}, {"articles": 3}),
    "classify_ticket": lambda i, o: ({"subject": i.get("ticket_subject")},
                                     {"category": o.get("category")}),
    "lookup_order": lambda i, _o: ({"order_id": i.get("order_id")},
                                   {"order_id": i.get("order_id"), "status": "delivered",
                                    "items": len(i.get("items") or ())}),
    "check_return_policy": lambda i, o: ({"order_id": i.get("order_id"), "reason": i.get("reason")},
                                         {"eligible": o.get("decision") != "rejected",
                                          "window_days": 30}),
    "issue_refund": lambda i, o: ({"order_id": i.get("order_id"), "amount": o.get("refund_amount"),
                                   "currency": o.get("currency", "USD")}, {"status": "succeeded"}),
    "get_order": lambda i, o: ({"order_number": i.get("order_number")},
                               {"status": o.get("order_status", "processing")}),
    "track_shipment": lambda _i, o: ({"carrier": o.get("carrier"),
                                      "tracking_number": o.get("tracking_number")},
                                     {"status": o.get("order_status")}),
    "fetch_product": lambda i, _o: ({"sku": i.get("sku")}, {"title": i.get("title")}),
    "classify_taxonomy": lambda i, o: ({"title": i.get("title")},
                                       {"category_path": o.get("category_path")}),
    "extract_attributes": lambda i, o: ({"raw_description": i.get("raw_description")},
                                        {"attributes": o.get("attributes")}),
    "web_search": lambda i, o: ({"query": i.get("query")}, {"results": len(o.get("sources", ()))}),
    "fetch_page": lambda _i, o: ({"url": (o.get("sources") or [{}])[0].get("url")},
                                 {"status": 200}),
    "summarize": lambda _i, o: ({"sources": len(o.get("sources", ()))},
                                {"summary": o.get("summary")}),
}  # fmt: skip


def planned(kind: str, status: str, output: Doc | None, error: Doc | None) -> list[str]:
    """The tools a run of this outcome calls, in order (a failing tool last)."""
    tools = list(TOOLS[kind])
    failing = failing_tool(error)
    if failing in tools:
        return tools[: tools.index(failing) + 1]
    if status == "failed":
        return [t for t in tools if t not in AFTER_APPROVAL]
    if status != "completed":  # canceled, or still going as a record says
        return tools[:1]
    return [t for t in tools if _is_called(t, output or {})]


def _is_called(tool: str, output: Doc) -> bool:
    if tool in AFTER_APPROVAL:
        return output.get("decision") == "approved"
    return tool != "track_shipment" or "carrier" in output


def failing_tool(error: Doc | None) -> str | None:
    found = None if error is None else _FAILING.search(str(error.get("message", "")))
    return None if found is None else found.group(1)


def call_of(tool: str, run_input: Doc, output: Doc | None) -> tuple[dict[str, Any], str]:
    """A call's input and its result as JSON text (the docs show `result` as a string)."""
    arguments, result = _CALLS[tool](run_input, output or {})
    return arguments, json.dumps(result, separators=(",", ":"), ensure_ascii=False)
