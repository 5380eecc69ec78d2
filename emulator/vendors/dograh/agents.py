"""The organisation's agents (workflows): `GET /api/v1/workflow/fetch`, `/workflow/summary` and
`/workflow/count` (api/routes/workflow.py and api/db/workflow_client.py at
dograh-hq/dograh@058c540c).

The same workflows the runs name, in the order tenants.yaml gives them (the vendor's queries
have no ORDER BY: rows come back in insertion order). `status` is split on commas and each
part queried in turn, results concatenated, so `archived,active` lists the archived first and
`active,active` lists the active twice; any other part is a 422 with a string detail.
`total_runs` counts every run of the workflow as of now, whatever its state.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from emulator.engine.mix import Draw, key_of
from emulator.errors import ApiError
from emulator.vendor import Call, Reply
from emulator.vendors.dograh.auth import Caller
from emulator.vendors.dograh.generator import HISTORY
from emulator.vendors.dograh.tenancy import Organization, Workflow
from emulator.vendors.dograh.totals import runs_per_workflow

STATUSES = ("active", "archived")


def get_workflows(call: Call) -> Reply:
    organization = _organization(call)
    store, now = call.state.store, call.state.clock.now()
    counts = runs_per_workflow(store.tenant(organization.slug), organization, now)
    epoch = call.state.settings.epoch
    return Reply(
        [
            {
                "id": workflow.id,
                "name": workflow.name,
                "status": workflow.status,
                "created_at": zulu(created_at(workflow, organization, epoch)),
                "total_runs": counts.get(workflow.id, 0),
                "folder_id": workflow.folder_id,
                "workflow_uuid": workflow_uuid(workflow, organization),
            }
            for workflow in _listed(organization, call.params["status"])
        ]
    )


def get_workflows_summary(call: Call) -> Reply:
    organization = _organization(call)
    listed = _listed(organization, call.params["status"])
    return Reply([{"id": w.id, "name": w.name} for w in listed])


def get_workflow_count(call: Call) -> Reply:
    workflows = _organization(call).workflows
    active = sum(1 for w in workflows if w.status == "active")
    return Reply({"total": len(workflows), "active": active, "archived": len(workflows) - active})


def _listed(organization: Organization, status: str | None) -> list[Workflow]:
    wanted = _statuses(status)
    if not wanted:
        return list(organization.workflows)
    return [w for one in wanted for w in organization.workflows if w.status == one]


def _statuses(status: str | None) -> list[str]:
    """`_validate_status_filter`: the parts, or the 422 naming the bad ones (sorted)."""
    if not status:
        return []
    parts = [part.strip() for part in status.split(",")]
    invalid = sorted({part for part in parts if part not in STATUSES})
    if invalid:
        shown = ["<empty>" if part == "" else part for part in invalid]
        raise ApiError(
            422,
            "bad_request",
            f"Invalid workflow status filter: {shown}. Allowed values: {sorted(STATUSES)}.",
        )
    return parts


def created_at(workflow: Workflow, organization: Organization, epoch: datetime) -> datetime:
    """As tenants.yaml says, else a week apart before the generated history starts."""
    if workflow.created_at is not None:
        return workflow.created_at
    place = organization.workflows.index(workflow)
    return epoch - HISTORY - timedelta(days=7 * (len(organization.workflows) - place))


def workflow_uuid(workflow: Workflow, organization: Organization) -> str:
    """As tenants.yaml says, else a uuid4 fixed by the organisation and workflow ids."""
    if workflow.workflow_uuid is not None:
        return workflow.workflow_uuid
    return Draw(key_of("dograh", "workflow-uuid", organization.id), workflow.id).uuid4()


def zulu(instant: datetime) -> str:
    """pydantic v2's form of a datetime."""
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _organization(call: Call) -> Organization:
    caller: Caller = call.principal
    return caller.organization


def by_uuid(organization: Organization, uuid: str) -> Workflow | None:
    return next((w for w in organization.workflows if workflow_uuid(w, organization) == uuid), None)
