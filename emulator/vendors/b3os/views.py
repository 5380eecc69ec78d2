"""A run as `GET /v1/runs` lists it (`RunListItem`) and `GET /v1/runs/{id}` serves it (`Run`).

The same run as `cu/runs` serves it (id, status, CU, times, trigger, all as of now), with what
the organisation and its workflow say of it: the workflow's name and version, `triggerNodeId`
`root` (the spec's alias of the trigger that fired), `triggeredBy` the organisation's owner for
a run started by hand (absent otherwise), never a simulation or dust test. Keys are in
alphabetical order, absent when Go's omitempty would leave them out.

The detail adds its execution state and workflow definition, both read from what the run
executes: `root` (its trigger) and one node per action node type, in the order the run first
reaches it, chained. A node all of whose executions are done is `success` (a for-each of a
`partial` run is `partial`); one begun or next when the run stopped or paused takes the run's
state (`running`, `waiting`, `failure`, `cancelled`); the rest are `pending`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from emulator.vendors.b3os.run import B3osRun, rfc3339
from emulator.vendors.b3os.tenancy import Organization

ROOT = "root"


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    type: str
    status: str


def list_item(run: B3osRun, organization: Organization) -> dict[str, Any]:
    """`RunListItem` of a run as of now (as_of already applied)."""
    workflow = organization.workflow(run.workflow_id)
    shared = _shared(run, organization)
    item = {key: shared[key] for key in sorted(shared) if key != "workflowVersion"}
    item["workflowName"] = "" if workflow is None else workflow.name
    item["workflowVersion"] = shared["workflowVersion"]
    return item


def detail(
    stored: B3osRun, run: B3osRun, organization: Organization, *, is_summary: bool,
    node_ids: Collection[str] | None,
) -> dict[str, Any]:  # fmt: skip
    """`Run` of `stored` as of now (`run`); `is_summary` leaves out the state and definition,
    `node_ids` keeps only those nodes' states (unknown ids are skipped)."""
    fields = _shared(run, organization)
    fields.update(organizationId=organization.id, propValues={},
                  workflowOwnerUserId=organization.profile.created_by)  # fmt: skip
    if not is_summary:
        nodes = nodes_of(stored, run)
        fields["executionState"] = {
            n.id: {"status": n.status, "type": n.type}
            for n in nodes
            if node_ids is None or n.id in node_ids
        }
        fields["workflowDefinition"] = definition(nodes)
    return {key: fields[key] for key in sorted(fields)}


def _shared(run: B3osRun, organization: Organization) -> dict[str, Any]:
    workflow = organization.workflow(run.workflow_id)
    fields: dict[str, Any] = {
        "id": run.id,
        "isDustTest": False,
        "isSimulation": False,
        "startedAt": rfc3339(run.started_at),
        "status": run.status,
        "totalCu": run.total_cu,
        "triggerNodeId": ROOT,
        "triggerSource": run.trigger_source,
        "workflowId": run.workflow_id,
        "workflowVersion": 1 if workflow is None else workflow.version,
    }
    if run.finished_at is not None:
        fields["finishedAt"] = rfc3339(run.finished_at)
    if run.source_run_id is not None:
        fields["sourceRunId"] = run.source_run_id
    if run.trigger_source == "manual" and organization.profile.created_by:
        fields["triggeredBy"] = organization.profile.created_by
    return fields


def nodes_of(stored: B3osRun, run: B3osRun) -> list[Node]:
    """The trigger and each action node type `stored` executes, with its state as `run` (the
    run as of now) has it."""
    planned = _planned(stored, run)
    done = {c.node_type: c.count for c in run.charges if c.kind == "action"}
    frontier = "wait" if run.status == "waiting" else _frontier(stored, sum(done.values()))
    nodes = [Node(ROOT, run.trigger_source, "success")]
    for index, (node_type, executions) in enumerate(planned.items(), start=1):
        ran = done.get(node_type, 0)
        if node_type == frontier or 0 < ran < executions:
            status = run.status  # where it runs, waits, failed or was cancelled
        elif ran >= executions:
            status = "partial" if run.status == "partial" and node_type == "for-each" else "success"
        else:
            status = "pending"
        nodes.append(Node(f"{node_type}-{index}", node_type, status))
    return nodes


def _planned(stored: B3osRun, run: B3osRun) -> dict[str, int]:
    """Executions of each action node type the run was to make, in the order it reaches them
    (its plan when it has one, else its charges)."""
    steps = (
        stored.progress.steps
        if stored.progress is not None
        else tuple((c.node_type, c.count) for c in stored.charges if c.kind == "action")
    )
    planned: dict[str, int] = {}
    for node_type, executions in steps:
        planned[node_type] = planned.get(node_type, 0) + executions
    for c in run.charges:  # a run's charges are never more than its plan, but a record's may be
        if c.kind == "action" and planned.get(c.node_type, 0) < c.count:
            planned[c.node_type] = c.count
    return planned


def _frontier(stored: B3osRun, done: int) -> str | None:
    """The node type of the run's next execution after `done`, when it has one."""
    if stored.progress is None:
        return None
    for node_type, executions in stored.progress.steps:
        if done < executions:
            return node_type
        done -= executions
    return None


def definition(nodes: list[Node]) -> dict[str, Any]:
    """The workflow graph the run executed: its nodes chained from `root`."""
    graph: dict[str, Any] = {}
    for node, after in zip(nodes, [*nodes[1:], None], strict=True):
        entry: dict[str, Any] = {"payload": {}, "type": node.type}
        if after is not None:
            entry["children"] = [after.id]
        graph[node.id] = {key: entry[key] for key in sorted(entry)}
    return {"nodes": graph, "triggerNodeIds": [ROOT]}
