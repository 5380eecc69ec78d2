"""Go's own parsing of what B3OS reads from a request: strconv.ParseInt and time.Parse.

B3OS is a Go (gin) service, so `limit=3.0`, ` 3`, `1_000` and `+5` are judged as Go judges
them, not as pydantic would, and the failure texts are Go's error strings.
"""

from __future__ import annotations

from emulator.scalar import Invalid

_MAX_UINT64 = 2**64 - 1
_ESCAPES = {"\a": r"\a", "\b": r"\b", "\f": r"\f", "\n": r"\n", "\r": r"\r", "\t": r"\t",
            "\v": r"\v", "\\": r"\\", '"': r"\""}  # fmt: skip


def quote(text: str) -> str:
    """strconv.Quote: printable characters as they are, the rest escaped."""
    return '"' + "".join(_quoted_char(c) for c in text) + '"'


def _quoted_char(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if char.isprintable():
        return char
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def parse_int64(raw: str) -> int:
    """strconv.ParseInt(raw, 10, 64): an optional sign and ASCII digits, nothing else."""
    digits, is_negative = raw, False
    if raw[:1] in ("+", "-"):
        digits, is_negative = raw[1:], raw[0] == "-"
    value = 0
    for char in digits:
        if not "0" <= char <= "9":
            raise _int_failure(raw, "invalid syntax")
        value = value * 10 + ord(char) - 48
        if value > _MAX_UINT64:  # Go stops at the first overflow, before later bad bytes
            raise _int_failure(raw, "value out of range")
    if not digits:
        raise _int_failure(raw, "invalid syntax")
    if value > 2**63 - (1 if not is_negative else 0):
        raise _int_failure(raw, "value out of range")
    return -value if is_negative else value


def _int_failure(raw: str, reason: str) -> Invalid:
    return Invalid("go_parse_int", f"strconv.ParseInt: parsing {quote(raw)}: {reason}")


def time_quote(text: str) -> str:
    """The time package's own quote: non-ASCII and control bytes as \\xHH."""
    parts = []
    for char in text:
        if ord(char) >= 0x80 or char < " ":
            parts.append("".join(f"\\x{b:02x}" for b in char.encode("utf-8", "surrogatepass")))
        else:
            parts.append("\\" + char if char in '"\\' else char)
    return '"' + "".join(parts) + '"'


def parse_year_month(raw: str) -> str:
    """time.Parse("2006-01", raw): four digits, `-`, two digits of a month, nothing more."""
    if len(raw) < 4 or not raw[:4].isascii() or not raw[:4].isdigit():
        raise _time_failure(raw, raw, "2006")
    rest = raw[4:]
    if not rest.startswith("-"):
        raise _time_failure(raw, rest, "-")
    month = rest[1:3]
    if len(month) < 2 or not (month.isascii() and month.isdigit()):
        raise _time_failure(raw, rest[1:], "01")
    if not 1 <= int(month) <= 12:
        raise Invalid("go_parse_time", f"parsing time {time_quote(raw)}: month out of range")
    if rest[3:]:
        message = f"parsing time {time_quote(raw)}: extra text: {time_quote(rest[3:])}"
        raise Invalid("go_parse_time", message)
    return raw


def _time_failure(raw: str, element: str, layout_element: str) -> Invalid:
    message = (
        f"parsing time {time_quote(raw)} as {time_quote('2006-01')}: "
        f"cannot parse {time_quote(element)} as {time_quote(layout_element)}"
    )
    return Invalid("go_parse_time", message)


_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})


def parse_bool(raw: str) -> bool:
    """strconv.ParseBool, as gin's form binding calls it: an empty value is false."""
    if raw in _TRUE:
        return True
    if raw in _FALSE or raw == "":
        return False
    raise Invalid("go_parse_bool", f"strconv.ParseBool: parsing {quote(raw)}: invalid syntax")
