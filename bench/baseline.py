"""A bare aiohttp server answering every GET with one fixed body: the yardstick each emulator
throughput is divided by, measured in the same run on the same machine."""

from __future__ import annotations

import sys

from aiohttp import web


def main() -> None:
    port, size = int(sys.argv[1]), int(sys.argv[2])
    body = b'{"x":"' + b"a" * max(0, size - 8) + b'"}'

    async def answer(_: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_get("/{tail:.*}", answer)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main()
