"""The vendor behind the proxy: its base URL, and requests sent to it unchanged.

The upstream is a base URL, as a client would be given one (`https://api.b3os.org`). A request
to the proxy at `/v1/...` goes to `<base>/v1/...` with its method, query and body as they came,
and every header but the hop-by-hop ones (RFC 9110 7.6.1) and `Host` (the upstream's own, or
virtual hosting would route it nowhere). The answer is kept as sent: no redirect is followed,
no content coding undone, no cookie kept; nothing is retried, so the vendor's rate limits are
the client's to meet, and a 429 goes back as it came.

Where a vendor mounts its routes per app (Dynamiq's `/apps/{app_id}`, served by hostname), the
base URL names the app: by the first label of a host the vendor's `host_mask` matches
(`<app>.apps.<region>.getdynamiq.ai`), or by a path ending in the mount (the emulator's own
`/dynamiq/apps/<app>`). A base URL that names no app leaves the mount to each request's path.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import aiohttp
from yarl import URL

from emulator.proxy.answer import Answer
from emulator.vendor import Vendor

HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
                        "proxy-connection", "te", "trailer", "trailers", "transfer-encoding",
                        "upgrade"})  # fmt: skip
# Also never copied: the client library writes each from the request it sends.
REWRITTEN = frozenset({"host", "content-length"})
# Headers aiohttp adds to a request that lacks them; skipped, so the vendor sees what was sent.
AUTOMATIC = ("Accept", "Accept-Encoding", "User-Agent", "Content-Type")
TIMEOUT = aiohttp.ClientTimeout(total=300, sock_connect=30)


class BadUpstream(ValueError):
    """An upstream URL the proxy will not use, said for people."""


@dataclass(frozen=True, slots=True)
class Upstream:
    url: URL
    # What the base URL says fills the vendor's mount (empty where it has none, or names none).
    mount: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str, vendor: Vendor, is_http_allowed: bool = False) -> Upstream:
        base = base_url(text, is_http_allowed)
        return cls(base, mount_of(vendor, base))

    def target(self, path: str, query_string: str) -> URL:
        """The upstream URL of a request to the proxy: `path` and the query as they came
        (percent-encoded), after the base URL's path."""
        query = f"?{query_string}" if query_string else ""
        return URL(f"{self.url.origin()}{self.url.raw_path.rstrip('/')}{path}{query}", encoded=True)

    async def send(
        self,
        session: aiohttp.ClientSession,
        method: str,
        url: URL,
        headers: Iterable[tuple[str, str]],
        body: bytes,
    ) -> Answer:
        sent = forwarded(headers)
        names = {name.lower() for name, _ in sent}
        skipped = [name for name in AUTOMATIC if name.lower() not in names]
        async with session.request(
            method, url, headers=sent, data=body or None, allow_redirects=False,
            skip_auto_headers=skipped, timeout=TIMEOUT,
        ) as response:  # fmt: skip
            raw = await response.read()
            pairs = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.raw_headers]
            return Answer.of(response.status, pairs, raw)


def base_url(text: str, is_http_allowed: bool = False) -> URL:
    """The upstream base URL `text` gives, or BadUpstream saying why it cannot be one."""
    try:
        url = URL(text.strip())
    except ValueError:
        url = URL()
    if url.user is not None or url.password is not None:  # never repeated in a message
        raise BadUpstream(f"{url.host}: give credentials to the client, not in the upstream URL")
    if url.scheme not in ("https", "http") or not url.host:
        raise BadUpstream(f"{text!r} is not an http(s) URL (such as https://api.b3os.org)")
    if url.scheme == "http" and not is_http_allowed:
        raise BadUpstream(f"{text!r} is not https: credentials would cross the network in "
                          "clear (--allow-http for a local stand-in)")  # fmt: skip
    if url.query_string or url.fragment:
        raise BadUpstream(f"{text!r} has a query or fragment; give the base URL alone")
    return url.with_path(url.path.rstrip("/") or "/").with_query(None)


def forwarded(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The end-to-end headers: hop-by-hop ones dropped, with any a `Connection` header names."""
    pairs = list(headers)
    named = {
        token.strip().lower()
        for name, value in pairs
        if name.lower() == "connection"
        for token in value.split(",")
    }
    dropped = HOP_BY_HOP | REWRITTEN | named
    return [(name, value) for name, value in pairs if name.lower() not in dropped]


def mount_of(vendor: Vendor, url: URL) -> dict[str, str]:
    """The mount's variables as the base URL fills them: by host or by the path's end."""
    names = re.findall(r"{(\w+)}", vendor.mount)
    if not names:
        return {}
    if vendor.host_mask and url.host and fnmatch.fnmatch(url.host, vendor.host_mask):
        return {names[0]: url.host.split(".", 1)[0]}
    found = re.search(template_pattern(vendor.mount) + "$", url.path)
    return dict(found.groupdict()) if found else {}


def template_pattern(template: str) -> str:
    """A regex of a spec path template: each `{name}` one path segment, the rest literal."""
    parts = re.split(r"({\w+})", template)
    return "".join(
        f"(?P<{part[1:-1]}>[^/]+)" if part.startswith("{") else re.escape(part) for part in parts
    )
