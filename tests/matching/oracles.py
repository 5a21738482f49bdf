"""Independent oracles for the matching tests (the strategies are in socialwork.testing)."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

Prefs = dict[str, list[str]]


def blocking(
    pairs: frozenset[tuple[str, str]],
    proposer_prefs: Prefs,
    reviewer_prefs: Prefs,
    caps: Mapping[str, int] | None,
    pcaps: Mapping[str, int] | None,
) -> set[tuple[str, str]]:
    """Return the blocking pairs, computed directly from the definition (strict lists)."""
    partners: dict[str, list[str]] = {}
    for p, r in pairs:
        partners.setdefault(p, []).append(r)
        partners.setdefault(r, []).append(p)
    found = set()
    for p, ranked in proposer_prefs.items():
        for r in ranked:
            if (p, r) in pairs or p not in reviewer_prefs[r]:
                continue
            p_room = len(partners.get(p, [])) < (pcaps[p] if pcaps else 1)
            r_room = len(partners.get(r, [])) < (caps[r] if caps else 1)
            p_wants = p_room or any(ranked.index(r) < ranked.index(x) for x in partners.get(p, []))
            theirs = reviewer_prefs[r]
            r_wants = r_room or any(theirs.index(p) < theirs.index(x) for x in partners.get(r, []))
            if p_wants and r_wants:
                found.add((p, r))
    return found


def all_stable_matchings(
    proposer_prefs: Prefs, reviewer_prefs: Prefs, caps: Mapping[str, int] | None
) -> list[frozenset[tuple[str, str]]]:
    """Return every stable many-to-one matching, by brute force (small games only)."""
    options = [[None, *(r for r in ranked if p in reviewer_prefs[r])] for p, ranked in proposer_prefs.items()]
    found = []
    for choice in itertools.product(*options):
        pairs = frozenset((p, r) for p, r in zip(proposer_prefs, choice, strict=True) if r is not None)
        load: dict[str, int] = {}
        for _, r in pairs:
            load[r] = load.get(r, 0) + 1
        if any(n > (caps[r] if caps else 1) for r, n in load.items()):
            continue
        if not blocking(pairs, proposer_prefs, reviewer_prefs, caps, None):
            found.append(pairs)
    return found


def matching_package_hr(
    proposer_prefs: Prefs, reviewer_prefs: Prefs, caps: Mapping[str, int], optimal: str
) -> frozenset[tuple[str, str]]:
    """Solve hospital/residents with the ``matching`` package, as its users call it."""
    from matching.games import HospitalResident

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(proposer_prefs, reviewer_prefs, dict(caps))
        solved = game.solve(optimal=optimal)
    return frozenset((r.name, h.name) for h, residents in solved.items() for r in residents)


def matching_package_sm(proposer_prefs: Prefs, reviewer_prefs: Prefs) -> frozenset[tuple[str, str]]:
    """Solve stable marriage with the ``matching`` package."""
    from matching.games import StableMarriage

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solved = StableMarriage.create_from_dictionaries(proposer_prefs, reviewer_prefs).solve()
    return frozenset((s.name, r.name) for s, r in solved.items() if r is not None)


def shuffled(mapping: Mapping[str, Any], order: Sequence[int]) -> dict[str, Any]:
    """Return *mapping* with its keys in another order given by a permutation."""
    keys = list(mapping)
    return {keys[i]: mapping[keys[i]] for i in order}
