"""Every operation of every vendor's spec is found from its own path, with the mount in front
where the base URL does not fill it; literal segments win over variables."""

from __future__ import annotations

import re

import pytest

from emulator.proxy.route import Routes, mount_of
from emulator.spec import Operation
from emulator.vendor import Vendor, discover

OPERATIONS = [(v, o) for v in discover() for o in v.spec.operations]


def filled(template: str) -> tuple[str, dict[str, str]]:
    names = re.findall(r"{(\w+)}", template)
    values = {name: f"v-{index}%20x" for index, name in enumerate(names)}
    return template.format_map(values), {k: v.replace("%20", " ") for k, v in values.items()}


@pytest.mark.parametrize(("vendor", "operation"), OPERATIONS,
                         ids=[f"{v.name}-{o.operation_id}" for v, o in OPERATIONS])  # fmt: skip
def test_each_operation_is_found_from_its_path(vendor: Vendor, operation: Operation) -> None:
    for is_mounted in {False, bool(vendor.mount)}:
        template = mount_of(operation, vendor.mount if is_mounted else "") + operation.path
        path, variables = filled(template)
        routed = Routes(vendor, is_mount_in_path=is_mounted).match(operation.method.upper(), path)
        assert routed is not None
        assert (routed.operation.operation_id, dict(routed.variables)) == (
            operation.operation_id, variables
        )  # fmt: skip
        assert routed.template == template and routed.spec_path == operation.path


@pytest.mark.parametrize("vendor", discover(), ids=lambda v: v.name)
def test_what_the_spec_does_not_have_is_unrouted(vendor: Vendor) -> None:
    routes = Routes(vendor, is_mount_in_path=False)
    operation = vendor.spec.operations[0]
    path, _ = filled(operation.path)
    assert routes.match("GET", "/no/such/route") is None
    assert routes.match("TRACE", path) is None
    assert routes.match(operation.method, path + "/more/and/more/again") is None
