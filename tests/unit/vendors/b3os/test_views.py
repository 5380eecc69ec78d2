"""A run as `GET /v1/runs` lists it and `GET /v1/runs/{id}` serves it: fields from the run and
its organisation, nodes whose states follow the run."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from emulator.vendors.b3os.run import as_of
from emulator.vendors.b3os.tenancy import Profile, Workflow
from emulator.vendors.b3os.views import detail, list_item, nodes_of
from tests.unit.vendors.b3os.test_generator import acme
from tests.unit.vendors.b3os.test_run import RUN, START

ORG = replace(acme(), workflows=(Workflow("wf_x", "X flow", "webhook", version=4),),
              profile=Profile(created_by="usr_owner"))  # fmt: skip


def states(seconds: float) -> list[tuple[str, str]]:
    shown = as_of(RUN, START + timedelta(seconds=seconds))
    return [(n.id, n.status) for n in nodes_of(RUN, shown)]


def test_nodes_follow_the_run_through_its_wait() -> None:
    assert states(0.5) == [("root", "success"), ("http-request-1", "running"),
                           ("wait-2", "pending"), ("send-email-3", "pending")]  # fmt: skip
    assert states(3) == [("root", "success"), ("http-request-1", "success"),
                         ("wait-2", "waiting"), ("send-email-3", "pending")]  # fmt: skip
    assert states(13.5) == [("root", "success"), ("http-request-1", "success"),
                            ("wait-2", "success"), ("send-email-3", "running")]  # fmt: skip
    assert {s for _, s in states(15)} == {"success"}


def test_a_failed_run_fails_at_its_next_node() -> None:
    assert RUN.progress is not None
    failed = replace(RUN, status="failure", charges=RUN.progress.charges(2))
    nodes = [(n.id, n.status) for n in nodes_of(failed, failed)]
    assert nodes[-1] == ("send-email-3", "failure")


def test_the_list_item_names_the_workflow_and_who_started_it() -> None:
    item = list_item(RUN, ORG)
    assert list(item) == sorted(item) and item["workflowName"] == "X flow"
    assert (item["workflowVersion"], item["triggerNodeId"]) == (4, "root")
    assert "triggeredBy" not in item and "sourceRunId" not in item
    by_hand = list_item(replace(RUN, trigger_source="manual", source_run_id="run_a"), ORG)
    assert (by_hand["triggeredBy"], by_hand["sourceRunId"]) == ("usr_owner", "run_a")


def test_the_detail_is_the_item_and_more_and_a_summary_is_lighter() -> None:
    whole = detail(RUN, RUN, ORG, is_summary=False, node_ids=None)
    item = list_item(RUN, ORG)
    del item["workflowName"]
    assert {k: whole[k] for k in item} == item
    assert whole["workflowDefinition"]["nodes"]["root"] == {
        "children": ["http-request-1"],
        "payload": {},
        "type": "webhook",
    }
    light = detail(RUN, RUN, ORG, is_summary=True, node_ids=None)
    assert set(whole) - set(light) == {"executionState", "workflowDefinition"}
    some = detail(RUN, RUN, ORG, is_summary=False, node_ids={"wait-2", "nope"})
    assert list(some["executionState"]) == ["wait-2"]
