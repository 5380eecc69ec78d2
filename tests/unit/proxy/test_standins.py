"""Stand-ins: a pure function of seed, kind and original; the original's shape kept; every copy
of an original replaced by the same text."""

from __future__ import annotations

import re
import uuid

import pytest

from emulator.proxy.standins import StandIns

KEYS = [
    "dgr_pTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa_2o7",
    "b3sk_ken659o2v21i9mpflv9fupxqmb0y07nyrvd5rxi6",
    "5c57722e-138e-4ef9-96d4-480fdeb67ae7",
    "dq_pat_rSFagEaBp0vXnJaE_9I0MyTLUyi0kn1Gnt11CuZy",
]


@pytest.mark.parametrize("key", KEYS)
def test_a_key_keeps_its_prefix_length_and_character_classes(key: str) -> None:
    made = StandIns(7).credential(key)
    assert made != key and len(made) == len(key)
    prefix = re.match(r"^(?:[a-z][a-z0-9]{1,5}_)+", key)
    assert made.startswith(prefix.group(0) if prefix else "")
    assert [_class(c) for c in made] == [_class(c) for c in key]


def _class(char: str) -> str:
    if char.isdigit():
        return "digit"
    if char.isalpha():
        return "upper" if char.isupper() else "lower"
    return char


def test_a_uuid_stays_a_uuid() -> None:
    made = StandIns(7).credential(KEYS[2])
    assert str(uuid.UUID(made)) == made


def test_the_same_seed_and_original_give_the_same_stand_in_in_any_process_order() -> None:
    one, other = StandIns(7), StandIns(7)
    other.credential("something-else-entirely")
    assert one.credential(KEYS[0]) == other.credential(KEYS[0])
    assert StandIns(8).credential(KEYS[0]) != one.credential(KEYS[0])


def test_phone_numbers_and_emails_are_replaced_wherever_they_occur() -> None:
    standins = StandIns(7)
    value = {"initial_context": {"phone_number": "+14155550123"},
             "caller_number": "+14155550123", "note": "call +14155550123 or mail a.b@corp.test",
             "user": {"email": "a.b@corp.test"}}  # fmt: skip
    scrubbed = standins.scrubbed(value)
    phone = scrubbed["caller_number"]
    assert re.fullmatch(r"\+1[0-9]{10}", phone) and phone != "+14155550123"
    assert scrubbed["initial_context"]["phone_number"] == phone
    email = scrubbed["user"]["email"]
    assert email.endswith("@example.com")
    assert scrubbed["note"] == f"call {phone} or mail {email}"


def test_names_are_found_by_the_field_that_holds_them() -> None:
    scrubbed = StandIns(7).scrubbed(
        {"customer_name": "Maria Lopez", "workflow_name": "Refill Line", "name": "WR-TEL-1",
         "ran_by_display_name": "Ops"}
    )  # fmt: skip
    assert scrubbed["customer_name"] != "Maria Lopez"
    assert len(scrubbed["customer_name"].split()) == 2
    assert len(scrubbed["ran_by_display_name"].split()) == 1
    assert (scrubbed["workflow_name"], scrubbed["name"]) == ("Refill Line", "WR-TEL-1")


def test_a_credential_is_replaced_inside_the_links_that_carry_it() -> None:
    token = "6b1b3b9c-8f2c-4c0a-9f0c-3c0f4c4e0b4b"
    run = {"public_access_token": token, "recording_public_url": f"https://x/dl/{token}/rec"}
    scrubbed = StandIns(7).scrubbed(run)
    made = scrubbed["public_access_token"]
    assert made != token and scrubbed["recording_public_url"] == f"https://x/dl/{made}/rec"


def test_short_values_under_secret_looking_names_and_numbers_are_kept() -> None:
    value = {"total_tokens": 1200, "token_type": "bearer", "session_id": None}
    assert StandIns(7).scrubbed(value) == value


def test_the_requests_own_credentials_are_replaced_where_an_answer_echoes_them() -> None:
    standins = StandIns(7)
    echoed = standins.scrubbed({"message": f"key {KEYS[1]} is revoked"}, secrets=[KEYS[1]])
    assert KEYS[1] not in echoed["message"]
    assert standins.text(f"/{KEYS[1]}/") == f"/{standins.credential(KEYS[1])}/"


def test_a_substring_of_a_longer_word_is_left_alone() -> None:
    standins = StandIns(7)
    standins.scrubbed({"customer_name": "Ann"})
    assert standins.text("Annual report for Ann") == f"Annual report for {standins.known('Ann')}"
