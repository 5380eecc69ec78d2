"""Dograh run details and public downloads over HTTP, and the framework edges."""

from __future__ import annotations

import io
import wave
from datetime import timedelta

from yarl import URL

from emulator.runtime import Runtime
from tests.vendors.dograh_api import ACME, GLOBEX_KEY, USAGE, Client, get_json, usage

RUN = "/dograh/api/v1/workflow/{workflow}/runs/{run}"
DOWNLOAD = "/dograh/api/v1/public/download/workflow/{token}/{kind}"


async def test_details_use_zulu_stamps_and_report_usage(client: Client) -> None:
    run = await get_json(client, RUN.format(workflow=1208, run=900065))
    assert run["created_at"] == "2026-07-05T08:00:00Z"
    assert run["cost_info"] == {"dograh_token_usage": 0.0, "call_duration_seconds": 125}
    assert run["usage_info"]["call_duration_seconds"] == 125
    assert (run["is_completed"], run["call_type"], run["mode"]) == (True, "inbound", "vonage")


async def test_details_ignore_the_workflow_id_in_the_path(client: Client) -> None:
    assert (await get_json(client, RUN.format(workflow=1, run=900065)))["id"] == 900065


async def test_another_organizations_run_is_not_found(client: Client) -> None:
    body = await get_json(client, RUN.format(workflow=2301, run=900100), status=404)
    assert body == {"detail": "Workflow run not found"}
    other = await get_json(
        client, RUN.format(workflow=2301, run=900100), headers={"X-API-Key": GLOBEX_KEY}
    )
    assert other["id"] == 900100


async def test_a_non_integer_path_id_is_a_422(client: Client) -> None:
    body = await get_json(client, RUN.format(workflow=1207, run="abc"), status=422)
    assert body == {
        "detail": [
            {
                "type": "int_parsing",
                "loc": ["path", "run_id"],
                "msg": "Input should be a valid integer, unable to parse string as an integer",
                "input": "abc",
            }
        ]
    }


async def test_details_create_the_public_token_once(client: Client) -> None:
    before = (
        await usage(client, start_date="2026-10-30T15:45:10.5Z", end_date="2026-10-30T15:45:10.5Z")
    )["runs"][0]
    assert before["id"] == 900066 and before["public_access_token"] is None
    first = await get_json(client, RUN.format(workflow=1207, run=900066))
    second = await get_json(client, RUN.format(workflow=1207, run=900066))
    assert (
        first["public_access_token"]
        and first["public_access_token"] == second["public_access_token"]
    )
    after = (
        await usage(client, start_date="2026-10-30T15:45:10.5Z", end_date="2026-10-30T15:45:10.5Z")
    )["runs"][0]
    assert after["public_access_token"] == first["public_access_token"]
    assert after["recording_public_url"].endswith(f"/{first['public_access_token']}/recording")


async def test_runs_without_artifacts_get_no_token(client: Client) -> None:
    run = await get_json(client, RUN.format(workflow=1208, run=900030))
    assert run["public_access_token"] is None and run["recording_public_url"] is None


async def test_download_redirects_to_a_signed_url_that_serves_the_recording(client: Client) -> None:
    token = (await get_json(client, RUN.format(workflow=1208, run=900065)))["public_access_token"]
    response = await client.get(
        DOWNLOAD.format(token=token, kind="recording"), allow_redirects=False
    )
    assert response.status == 302
    location = URL(response.headers["Location"])
    assert location.path == "/dograh/_storage/900065/recording"
    audio = await client.get(location.path_qs)
    assert audio.status == 200 and audio.headers["Content-Type"] == "audio/wav"
    assert audio.headers["Content-Disposition"] == 'attachment; filename="900065.wav"'
    with wave.open(io.BytesIO(await audio.read())) as reader:
        assert reader.getnframes() / reader.getframerate() == 125


async def test_the_transcript_fits_inside_the_call(client: Client) -> None:
    token = (await get_json(client, RUN.format(workflow=1208, run=900065)))["public_access_token"]
    response = await client.get(DOWNLOAD.format(token=token, kind="transcript") + "?inline=true")
    assert response.status == 200
    assert response.headers["Content-Disposition"] == 'inline; filename="900065.txt"'
    lines = (await response.text()).splitlines()
    assert lines[0].startswith("[00:00] assistant: ")
    minutes, seconds = lines[-1][1:6].split(":")
    assert int(minutes) * 60 + int(seconds) <= 125


async def test_download_failures(client: Client) -> None:
    async def answer(token: str, kind: str) -> tuple[int, object]:
        response = await client.get(DOWNLOAD.format(token=token, kind=kind), allow_redirects=False)
        return response.status, await response.json()

    token = "0c6a3f4e-8d2b-4e1f-a7c9-3b5d2e1f0a9b"  # globex run 900100: a recording only
    assert await answer("nope", "recording") == (404, {"detail": "Invalid or expired token"})
    assert await answer(token, "video") == (400, {"detail": "Unsupported artifact type"})
    assert await answer(token, "user_recording") == (
        404, {"detail": "No user_recording available for this workflow run"},
    )  # fmt: skip


async def test_signed_urls_expire_after_an_hour(client: Client, runtime: Runtime) -> None:
    token = "0c6a3f4e-8d2b-4e1f-a7c9-3b5d2e1f0a9b"
    runtime.clock.freeze(runtime.clock.now())
    response = await client.get(
        DOWNLOAD.format(token=token, kind="recording"), allow_redirects=False
    )
    target = URL(response.headers["Location"]).path_qs
    runtime.clock.advance(timedelta(seconds=3601))
    expired = await client.get(target)
    assert expired.status == 403 and "<Code>AccessDenied</Code>" in await expired.text()
    forged = await client.get(target.replace("signature=", "signature=0"))
    assert forged.status == 403 and "<Code>SignatureDoesNotMatch</Code>" in await forged.text()
    garbled = await client.get(URL(target).update_query(signature="\u00a6.\u00b3").path_qs)
    assert garbled.status == 403  # found by schemathesis: was a 500 of ours


async def test_framework_edges_are_fastapis(client: Client) -> None:
    slash = await client.get(f"{USAGE}/?limit=5", headers=ACME, allow_redirects=False)
    assert slash.status == 307
    assert URL(slash.headers["Location"]).path_qs == f"{USAGE}?limit=5"
    post = await client.post(USAGE, headers=ACME)
    assert (post.status, post.headers["Allow"]) == (405, "GET")
    assert await post.json() == {"detail": "Method Not Allowed"}
    missing = await client.get("/dograh/api/v1/nothing/here/", headers=ACME)
    assert (missing.status, await missing.json()) == (404, {"detail": "Not Found"})
