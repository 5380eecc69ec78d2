"""An organisation as `GET /v1/organizations` serves it (`Organization`), and the one value of
it a client changes (the CU threshold, `PUT .../cu/threshold`, kept until a reset).

Keys in alphabetical order; `photo` absent when the organisation has none and `deletedAt` /
`deletedBy` never present (a live organisation: Go's omitempty); `cuMinThreshold` is the
threshold `GET .../cu` says. Creation and update instants default to the start of the
generated history (the organisation existed before its first run).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from emulator.vendor import State
from emulator.vendors.b3os.generator import HISTORY
from emulator.vendors.b3os.run import rfc3339
from emulator.vendors.b3os.tenancy import Organization

THRESHOLDS = "thresholds"  # state.memory: org slug -> the minThreshold a PUT set


def threshold(state: State, organization: Organization) -> float:
    changed: dict[str, float] = state.memory.get(THRESHOLDS, {})
    return changed.get(organization.slug, organization.cu.min_threshold)


def item(state: State, organization: Organization, epoch: datetime) -> dict[str, Any]:
    profile = organization.profile
    created = profile.created_at or rfc3339(epoch - HISTORY)
    fields: dict[str, Any] = {
        "createdAt": created,
        "createdBy": profile.created_by,
        "cuMinThreshold": threshold(state, organization),
        "description": profile.description,
        "id": organization.id,
        "name": organization.name,
        "slug": organization.slug,
        "tier": profile.tier,
        "updatedAt": created,
    }
    if profile.photo:
        fields["photo"] = profile.photo
    return {key: fields[key] for key in sorted(fields)}
