"""How each route reads its `filters` text before the filter engine (query.condition) sees it
(dograh-hq/dograh@058c540c).

- The usage list (api/routes/organization_usage.py, api/db/organization_usage_client.py
  `get_usage_history`): JSON that does not parse is a 400 `Invalid filters format`; then, inside
  the route's `try/except Exception`, a falsy document filters nothing, the items whose
  `attribute` is in USAGE_ALLOWED_FILTERS are kept and the rest dropped. A Python error there is
  a 500 carrying its message.
- The usage report (`get_usage_runs_for_report`): read the same way, outside any try, so the
  same errors are unhandled 500s.
- An agent's runs (api/routes/workflow.py `get_workflow_runs`): a 400 `Invalid filter format`;
  every item's truthy `attribute` outside the route's five is a 403 `Invalid attribute '<a>'`
  (the first offender); then the engine reads every item. No try: errors are unhandled 500s.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from emulator.errors import ApiError, Crash
from emulator.vendors.dograh.query import (
    AGENT_RUNS_ALLOWED,
    ALLOWED,
    Condition,
    PythonError,
    condition,
    get,
    hashable,
    type_name,
)


@dataclass(frozen=True, slots=True)
class Route:
    allowed: frozenset[str]
    invalid_json: str
    # Python errors become a 500 with their message (else they escape: plain-text 500).
    is_caught: bool
    # A disallowed attribute is a 403 (else the item is dropped).
    is_refusing: bool


USAGE_LIST = Route(ALLOWED, "Invalid filters format", is_caught=True, is_refusing=False)
USAGE_REPORT = Route(ALLOWED, "Invalid filters format", is_caught=False, is_refusing=False)
AGENT_RUNS = Route(AGENT_RUNS_ALLOWED, "Invalid filter format", is_caught=False, is_refusing=True)


@dataclass(frozen=True, slots=True)
class Filters:
    conditions: list[Condition]
    # The parsed document when it filters (an agent's runs echo it as `applied_filters`).
    applied: list[Any] | None = None


def parse(text: str | None, route: Route) -> Filters:
    if not text:
        return Filters([])
    try:
        document = json.loads(text)
    except ValueError:
        raise ApiError(400, "bad_request", route.invalid_json) from None
    except RecursionError:
        # Not a JSONDecodeError, so the vendor's except-clause misses it: unhandled 500.
        raise Crash("filters nested too deeply") from None
    try:
        return _refused(document, route) if route.is_refusing else _kept(document, route)
    except PythonError as error:
        if route.is_caught:
            raise ApiError(500, "internal", str(error)) from None
        raise Crash(str(error)) from None


def _kept(document: Any, route: Route) -> Filters:
    if not document:
        return Filters([])
    kept = [
        item for item in _iterate(document) if hashable(get(item, "attribute")) in route.allowed
    ]
    return Filters(_conditions(kept))


def _refused(document: Any, route: Route) -> Filters:
    items = _iterate(document)
    for item in items:
        attribute = get(item, "attribute")
        if attribute and hashable(attribute) not in route.allowed:
            raise ApiError(403, "forbidden", f"Invalid attribute '{attribute}'")
    if not document:
        return Filters([])
    return Filters(_conditions(items), applied=items)


def _conditions(items: list[Any]) -> list[Condition]:
    return [c for c in (condition(item) for item in items) if c is not None]


def _iterate(document: Any) -> list[Any]:
    if document is None or isinstance(document, (int, float)):  # bool is an int too
        raise PythonError(f"'{type_name(document)}' object is not iterable")
    return list(document)
