"""`runs-emulator proxy`: a checking, recording proxy in front of a real vendor.

A client points at the proxy with its real credentials; each request goes to the upstream
unchanged and its answer comes back unchanged, while the proxy checks the answer against our
spec of the operation (conformance.py), asks an emulator of its own the same request with
the matching tenant's test key and compares the two answers in kind (kind.py), and learns the
runs the upstream served (harvest.py), which `--record` writes as fixtures (record.py). What
it found is the drift report (report.py). Nothing here knows a vendor: routes, schemas,
served forms and tenants all come from the discovered `Vendor`.
"""
