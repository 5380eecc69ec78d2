"""An organisation's telephony configurations (tenants.yaml `telephony_configs`), as
`GET /api/v1/organizations/telephony-configs` lists them and as an outbound call picks one.

Per dograh-hq/dograh@058c540c: the list is `created_at ASC` with no credentials in it
(api/db/telephony_configuration_client.py, api/schemas/telephony_config.py); `connectivity`
comes from the provider registry (`sip` for ARI and Cloudonix, `api` for the carriers); a call
without an explicit configuration takes the default one first, then the other active ones in
creation order, the first that is ready for outbound (api/services/telephony/
outbound_readiness.py `resolve_outbound_configuration_id`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

SIP_PROVIDERS = frozenset({"ari", "cloudonix"})
# What a file leaves out: created this long before the history starts, updated a day later.
UNDATED = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    id: int
    number: str
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class TelephonyConfig:
    id: int
    name: str
    provider: str
    is_default_outbound: bool
    numbers: tuple[PhoneNumber, ...]
    created_at: datetime
    updated_at: datetime
    inactive_since: datetime | None = None
    inactive_reason: str | None = None
    # False: the provider's setup checklist blocks outbound calls, for `blocked_reason`.
    is_ready_for_outbound: bool = True
    blocked_reason: str | None = None

    @property
    def is_inactive(self) -> bool:
        return self.inactive_since is not None

    def active_numbers(self) -> tuple[PhoneNumber, ...]:
        return tuple(n for n in self.numbers if n.is_active)

    def not_ready(self) -> str | None:
        """OutboundSetupIncompleteError's message, when this configuration cannot call."""
        if self.is_ready_for_outbound:
            return None
        reason = (
            self.blocked_reason or "Complete the required telephony setup before placing a call."
        )
        return f"'{self.name}' is not ready for outbound calls. {reason}"


def telephony_configs(entries: Iterable[Mapping[str, Any]]) -> tuple[TelephonyConfig, ...]:
    return tuple(_config(entry, n) for n, entry in enumerate(entries))


def _config(entry: Mapping[str, Any], n: int) -> TelephonyConfig:
    created = _instant(entry.get("created_at")) or UNDATED + timedelta(days=n)
    numbers = tuple(
        PhoneNumber(int(p["id"]), str(p["number"]), bool(p.get("active", True)))
        for p in entry.get("phone_numbers", ())
    )
    return TelephonyConfig(
        id=int(entry["id"]),
        name=str(entry["name"]),
        provider=str(entry["provider"]),
        is_default_outbound=bool(entry.get("is_default_outbound", False)),
        numbers=numbers,
        created_at=created,
        updated_at=_instant(entry.get("updated_at")) or created + timedelta(days=1),
        inactive_since=_instant(entry.get("inactive_since")),
        inactive_reason=entry.get("inactive_reason"),
        is_ready_for_outbound=bool(entry.get("is_ready_for_outbound", True)),
        blocked_reason=entry.get("outbound_blocked_reason"),
    )


def _instant(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    stamp = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def list_item(config: TelephonyConfig) -> dict[str, Any]:
    """`TelephonyConfigurationListItem`, in its field order."""
    return {
        "id": config.id,
        "name": config.name,
        "provider": config.provider,
        "connectivity": "sip" if config.provider in SIP_PROVIDERS else "api",
        "is_default_outbound": config.is_default_outbound,
        "inactive": config.is_inactive,
        "inactive_since": _zulu(config.inactive_since),
        "inactive_reason": config.inactive_reason,
        "phone_number_count": len(config.active_numbers()),
        "is_ready_for_outbound": config.is_ready_for_outbound,
        "outbound_blocked_reason": None if config.is_ready_for_outbound else config.blocked_reason,
        "created_at": _zulu(config.created_at),
        "updated_at": _zulu(config.updated_at),
    }


def _zulu(instant: datetime | None) -> str | None:
    """pydantic v2's datetime form."""
    return None if instant is None else instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def candidates(configs: Iterable[TelephonyConfig]) -> list[TelephonyConfig]:
    """Active configurations, the marked default first, then by creation."""
    active = sorted((c for c in configs if not c.is_inactive), key=lambda c: (c.created_at, c.id))
    return sorted(active, key=lambda c: not c.is_default_outbound)
