"""Public access tokens: created by the single-run GET when the run has an artifact and no
token yet (ensure_public_access_token in api/db/workflow_run_client.py, dograh-hq/dograh@058c540c),
then shown in the list too, and opening the run's public downloads.

A token is a uuid4 fixed per seed and run (model.lazy_token), but it exists only once issued:
which runs have one is vendor memory, cleared by a reset. Fixture and injected runs may carry
their own token.
"""

from __future__ import annotations

from typing import Any

from emulator.vendor import State
from emulator.vendors.dograh.model import DograhRun, lazy_token

ISSUED = "tokens"  # state.memory: token -> run id, in issue order
BY_RUN = "tokens by run"  # state.memory: run id -> token (a list page asks for every run's)


def issued(state: State, run: DograhRun) -> str | None:
    if run.public_access_token is not None:
        return run.public_access_token
    found: str | None = state.memory.get(BY_RUN, {}).get(run.id)
    return found


def issue(state: State, run: DograhRun) -> str:
    token = lazy_token(state.settings.seed, run.id)
    _book(state)[token] = run.id
    state.memory.setdefault(BY_RUN, {})[run.id] = token
    state.edited()  # the list shows a run's token once it has one
    return token


def run_of(state: State, token: str) -> Any | None:
    """The run a token opens, in any organisation (the link is public)."""
    run_id = _book(state).get(token)
    if run_id is not None:
        found = state.store.find(run_id)
        return None if found is None else found[1]
    now = state.store.now_us
    for slug in state.store.tenants():
        for entry in state.store.tenant(slug).added(now):  # a run not made yet opens nothing
            if getattr(entry.run, "public_access_token", None) == token:
                return entry.run
    return None


def _book(state: State) -> dict[str, int]:
    book: dict[str, int] = state.memory.setdefault(ISSUED, {})
    return book
