"""The data engine: every generated run a pure function of the seed, its tenant and its
position on the tenant's timeline, made only when something needs it.

- `mix`: the counter-based draws (the same bits on every machine, scalar or vectorised);
- `rhythm`: when runs start (a weekly rhythm, before and after the epoch alike);
- `timeline`: a tenant's compact columns over positions 0..H, grown as the clock moves;
- `overlay`: what is not generated (fixture, injected and client-started runs, deletions);
- `world`: one vendor's runs as the control plane and the vendor's queries see them;
- `page`: generated positions and overlay runs merged into one order, cut into pages.
"""
