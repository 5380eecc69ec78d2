"""Which operation of our spec a request to the vendor is: method and path, matched against the
spec's path templates (with the vendor's mount in front where the base URL did not fill it).

A path several templates match is the one with the fewest variables (`/v1/cu/costs` before
`/v1/cu/{id}`), as routers prefer a literal segment to a variable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from emulator.proxy.upstream import template_pattern
from emulator.spec import Operation
from emulator.vendor import Vendor


@dataclass(frozen=True, slots=True)
class Routed:
    operation: Operation
    # The path's variables, the mount's included when the path carried it.
    variables: Mapping[str, str]
    # The template matched: the spec path, after the mount where the path carried it.
    template: str

    @property
    def spec_path(self) -> str:
        return self.operation.path


@dataclass(frozen=True, slots=True)
class Template:
    operation: Operation
    text: str
    pattern: re.Pattern[str]

    @classmethod
    def of(cls, operation: Operation, text: str) -> Template:
        return cls(operation, text, re.compile(template_pattern(text) + "$"))

    @property
    def variables(self) -> int:
        return self.text.count("{")


def mount_of(operation: Operation, mount: str) -> str:
    """What precedes an operation's path: an operation outside the mount has none."""
    return "" if operation.is_outside_mount else mount


class Routes:
    def __init__(self, vendor: Vendor, is_mount_in_path: bool) -> None:
        mount = vendor.mount if is_mount_in_path else ""
        templates = [Template.of(o, mount_of(o, mount) + o.path) for o in vendor.spec.operations]
        self._templates = sorted(templates, key=lambda t: t.variables)

    def match(self, method: str, raw_path: str) -> Routed | None:
        """The operation `method raw_path` is (the path percent-encoded, as sent), or None."""
        for template in self._templates:
            if template.operation.method != method.lower():
                continue
            found = template.pattern.match(raw_path)
            if found:
                variables = {name: unquote(value) for name, value in found.groupdict().items()}
                return Routed(template.operation, variables, template.text)
        return None
