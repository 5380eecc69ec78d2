"""Outbound calls an API caller places (dograh-hq/dograh@058c540c): the test call
`POST /api/v1/telephony/initiate-call` (api/routes/telephony.py; what dograh-ctl `runs trigger`
and the SDK's `test_phone_call` send) and the public agent routes `POST /api/v1/public/agent/...`
(api/routes/public_agent.py: by API Trigger path or by the agent's UUID, published or test).

Each check in the vendor's order, worded as it words them; the call then creates a run at once,
in progress, which ends on the virtual clock (emulator/vendors/dograh/started.py). The
concurrent-call limit counts the organisation's API-placed calls still going (a 429 with no
Retry-After). Quotas and the provider's own failures are not emulated: every dial succeeds.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from emulator.errors import ApiError
from emulator.vendor import Call, Reply
from emulator.vendors.dograh import agents, body, keys, started
from emulator.vendors.dograh.auth import Caller
from emulator.vendors.dograh.model import as_of
from emulator.vendors.dograh.telephony import TelephonyConfig, candidates
from emulator.vendors.dograh.tenancy import Organization, Workflow

INITIATE = body.Model(
    "InitiateCallRequest",
    (
        body.Field("workflow_id", "int", is_required=True),
        body.Field("workflow_run_id", "int"),
        body.Field("phone_number", "str"),
        body.Field("telephony_configuration_id", "int"),
        body.Field("from_phone_number_id", "int"),
    ),
)
TRIGGER = body.Model(
    "TriggerCallRequest",
    (
        body.Field("phone_number", "str", is_required=True),
        body.Field("initial_context", "dict"),
        body.Field("telephony_configuration_id", "int"),
        body.Field("from_phone_number_id", "int"),
    ),
)
# Caller context may add variables, never these (api/services/workflow/initial_context.py).
RESERVED = frozenset({"provider", "runtime_configuration", "mps_correlation_id"})
TOO_MANY = "Concurrent call limit reached"


def initiate_call(call: Call) -> Reply:
    caller: Caller = call.principal
    organization, request = caller.organization, _body(call, INITIATE)
    wanted = request["telephony_configuration_id"]
    configuration = _configuration(
        organization, wanted, "telephony_configuration_not_found", "telephony_not_configured"
    )
    phone = request["phone_number"] or organization.test_phone_number
    if not phone:
        raise ApiError(
            400,
            "bad_request",
            "Phone number must be provided in request or set in organization preferences",
        )
    workflow = organization.workflow(request["workflow_id"])
    if workflow is None:
        raise ApiError(404, "not_found", "Workflow not found")
    caller_number = _from_number(configuration, request["from_phone_number_id"])
    _admit(call, organization)
    context = {
        "phone_number": phone,
        "called_number": phone,
        "direction": "outbound",
        "provider": configuration.provider,
        "telephony_configuration_id": configuration.id,
        **_known("caller_number", caller_number),
    }
    gathered = {"provider": configuration.provider}
    placing = started.Placing(organization, workflow, configuration.provider, context, gathered)
    redialled = request["workflow_run_id"]
    if redialled is not None:
        name = _redial(call, placing, redialled)
    else:
        run_id = started.next_id(call.state)
        name = f"WR-TEL-OUT-{started.name_draw(call.state, run_id).below(10**8):08d}"
        _store(call, placing, run_id, name)
    return Reply({"message": f"Call initiated successfully with run name {name}"})


def initiate_call_by_trigger(call: Call) -> Reply:
    return _public(call, call.params["uuid"], is_test=False, by_trigger=True)


def initiate_call_test_by_trigger(call: Call) -> Reply:
    return _public(call, call.params["uuid"], is_test=True, by_trigger=True)


def initiate_call_by_workflow_uuid(call: Call) -> Reply:
    return _public(call, call.params["workflow_uuid"], is_test=False, by_trigger=False)


def initiate_call_test_by_workflow_uuid(call: Call) -> Reply:
    return _public(call, call.params["workflow_uuid"], is_test=True, by_trigger=False)


def _public(call: Call, identifier: str, *, is_test: bool, by_trigger: bool) -> Reply:
    request = _body(call, TRIGGER)
    key = keys.usable(call.state, call.params["X-API-Key"], call.state.clock.now())
    organization = None if key is None else call.state.tenants.get(key.organization)
    if key is None or not isinstance(organization, Organization):
        raise ApiError(401, "unauthorized", "Invalid API key")
    workflow = (_by_trigger if by_trigger else _by_uuid)(call, organization, identifier)
    _is_active(workflow)
    wanted = request["telephony_configuration_id"]
    configuration = _configuration(
        organization,
        wanted,
        "Telephony configuration not found",
        "Telephony provider not configured for this organization",
        missing_status=404,
    )
    caller_number = _from_number(configuration, request["from_phone_number_id"])
    context: dict[str, Any] = {
        "provider": configuration.provider,
        "direction": "outbound",
        "phone_number": request["phone_number"],
        "trigger_mode": "test" if is_test else "production",
        "telephony_configuration_id": configuration.id,
        "agent_identifier": identifier,
        "agent_identifier_type": "trigger_path" if by_trigger else "workflow_uuid",
        "workflow_uuid": agents.workflow_uuid(workflow, organization),
    }
    if request["from_phone_number_id"] is not None:
        context["from_phone_number_id"] = request["from_phone_number_id"]
    if by_trigger:
        context["agent_uuid"] = identifier
    context.update(api_key_id=key.id, api_key_created_by=key.created_by)
    context.update(
        (k, v) for k, v in (request["initial_context"] or {}).items() if k not in RESERVED
    )
    context.update(called_number=request["phone_number"], **_known("caller_number", caller_number))
    _admit(call, organization)
    gathered = {
        "provider": configuration.provider,
        "triggered_by": "api",
        **_known("trigger_uuid", identifier if by_trigger else None),
    }
    placing = started.Placing(organization, workflow, configuration.provider, context, gathered)
    run_id = started.next_id(call.state)
    digits = started.name_draw(call.state, run_id).between(1000, 9999)
    name = f"WR-{'TEST' if is_test else 'API'}-{digits}"  # random.randint: names repeat
    _store(call, placing, run_id, name)
    return Reply({"status": "initiated", "workflow_run_id": run_id, "workflow_run_name": name})


def _body(call: Call, model: body.Model) -> dict[str, Any]:
    return body.parse(model, call.body, call.headers.get("Content-Type"))


def _known(name: str, value: Any) -> dict[str, Any]:
    return {} if value is None else {name: value}


def _configuration(
    organization: Organization,
    wanted: int | None,
    unknown: str,
    unconfigured: str,
    missing_status: int = 400,
) -> TelephonyConfig:
    """`resolve_outbound_configuration_id`: an explicit id, active, or the first ready
    candidate; a configuration whose setup blocks outbound calls is the resolver's 400."""
    if wanted is not None:
        found = [c for c in organization.telephony if c.id == wanted and not c.is_inactive]
        if not found:
            raise ApiError(missing_status, "not_found", unknown)
        listed = found
    else:
        listed = candidates(organization.telephony)
        if not listed:
            raise ApiError(400, "bad_request", unconfigured)
    ready = next((c for c in listed if c.not_ready() is None), None)
    if ready is None:
        raise ApiError(400, "bad_request", listed[0].not_ready() or unconfigured)
    return ready


def _from_number(configuration: TelephonyConfig, number_id: int | None) -> str | None:
    """The caller ID: the one asked for (active, in this configuration), else the provider's
    pick, which the emulator takes to be the configuration's first active number."""
    active = configuration.active_numbers()
    if number_id is None:
        return active[0].number if active else None
    chosen = next((n for n in active if n.id == number_id), None)
    if chosen is None:
        raise ApiError(400, "bad_request", "from_phone_number_not_found")
    return chosen.number


def _admit(call: Call, organization: Organization) -> None:
    if started.calls_in_progress(call.state, organization) >= organization.concurrent_call_limit:
        raise ApiError(429, "rate_limited", TOO_MANY)


def _store(call: Call, placing: started.Placing, run_id: int, name: str) -> None:
    run = started.place(call.state, placing, run_id, name, call.state.clock.now())
    call.state.store.load(placing.organization.slug, [run], origin="started")


def _redial(call: Call, placing: started.Placing, run_id: int) -> str:
    """A test call on an existing run of the workflow (its id in the request): the run keeps
    its name and creation instant and takes the new call's outcome."""
    found = call.state.store.find(run_id)
    if found is None or found[0] != placing.organization.slug:
        raise ApiError(400, "bad_request", "Workflow run not found")
    now, run = call.state.clock.now(), found[1]
    if run.workflow_id != placing.workflow.id:
        raise ApiError(400, "bad_request", "workflow_run_workflow_mismatch")
    if not as_of(run, now).is_completed:
        raise ApiError(409, "conflict", "Workflow run already has an active call")
    context = {**(run.initial_context or {}), **placing.initial_context}
    again = started.Placing(
        placing.organization,
        placing.workflow,
        placing.provider,
        context,
        {**(run.gathered_context or {}), **placing.gathered_context},
    )
    redone = started.place(call.state, again, run.id, run.name, now)
    call.state.store.replace(replace(redone, created_at=run.created_at), origin="started")
    return str(run.name)


def _by_trigger(call: Call, organization: Organization, path: str) -> Workflow:
    """`_resolve_trigger_target`: triggers are looked up across organisations."""
    for tenant in call.state.tenants.values():
        if not isinstance(tenant, Organization):
            continue
        for workflow in tenant.workflows:
            trigger = next((t for t in workflow.triggers if t.path == path), None)
            if trigger is None:
                continue
            if tenant.slug != organization.slug:
                raise ApiError(403, "forbidden", "Access denied")
            if not trigger.is_active:
                raise ApiError(404, "not_found", "Agent trigger is not active")
            return workflow
    raise ApiError(404, "not_found", "Agent trigger not found")


def _by_uuid(_call: Call, organization: Organization, uuid: str) -> Workflow:
    """`_resolve_workflow_uuid_target`: within the key's organisation (another's is a 404)."""
    workflow = agents.by_uuid(organization, uuid)
    if workflow is None:
        raise ApiError(404, "not_found", "Workflow not found")
    return workflow


def _is_active(workflow: Workflow) -> None:
    if workflow.status != "active":
        raise ApiError(404, "not_found", "Workflow is not active")
