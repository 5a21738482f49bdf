"""Time loading and dumping registries, side by side with pydantic v2 and msgspec.

Loading is JSON bytes -> validated Registry: parsing, structuring every record
into a frozen, validated entity, and the Registry's id and reference checks. The
references validate the same records (same fields, the checks they can express:
types, non-empty ids, enum values, date and decimal parsing) into their own frozen
models; they do not check division or credit codes, duplicate ids or references.
pydantic runs two ways: "per record" parses with json and validates each record
(the way the records reach it in most programs, and the path comparable to ours),
"from JSON" hands it the whole document (its Rust parser, end to end).
``from_frames`` (the pandas extra) reads the frames ``to_frames`` made of the same
registry; its ratio is to our own ``load``, which it should match.

Run: python benchmarks/bench_io.py            (100,000 and 1,000,000 entities)
     python benchmarks/bench_io.py --quick    (a smoke run of 2,000 entities)
"""

import argparse
import datetime as dt
import gc
import importlib.util
import json
import math
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import socialwork as sw


def make_registry(n: int) -> sw.Registry:
    """A registry of about *n* entities shaped like a national one, from the synthetic generator.

    Districts of 50 streets of 20 communities, as before; each community has its
    division, its room, a worker, a fund and a donation, and each street its
    division, station and agency (so about 5.15 entities a community). Smaller
    sizes have one district of fewer streets.
    """
    per_street = 3 + 20 * 5  # division, station, agency; per community: five entities
    per_district = 4 + 50 * per_street  # division, hub, federation, bureau
    districts, streets = max(1, round(n / per_district)), 50
    if n < per_district:
        streets = max(1, round((n - 4) / per_street))
    return sw.datasets.synthetic(
        districts=districts,
        streets_per_district=streets,
        communities_per_street=20,
        workers_per_street=20,
        funds_per_street=20,
        donations_per_fund=1,
        volunteers_per_community=0,
        needs_per_community=0,
        projects_per_street=0,
        grants_per_fund=0,
    )


def _references() -> dict[str, Callable[[bytes], Any]]:
    """Loaders of the same document with pydantic v2 and msgspec, where installed."""
    loaders: dict[str, Callable[[bytes], Any]] = {}
    try:
        import pydantic
    except ImportError:
        pass
    else:
        Id = Annotated[str, pydantic.StringConstraints(min_length=1, strip_whitespace=False)]
        Money = Annotated[Decimal, pydantic.Field(ge=0, decimal_places=2)]
        config = pydantic.ConfigDict(frozen=True, extra="forbid", strict=False)

        class PDivision(pydantic.BaseModel):
            model_config = config
            code: Annotated[str, pydantic.StringConstraints(pattern=r"^[0-9]{6}([0-9]{3}){0,2}$")]
            name: Id
            level: Literal["province", "city", "district", "street", "community"]
            parent_code: str | None = None

        class POrganization(pydantic.BaseModel):
            model_config = config
            id: Id
            name: Id
            kind: str
            credit_code: str | None = None
            division_id: str | None = None
            public_fundraising: bool = False

        class PStation(pydantic.BaseModel):
            model_config = config
            id: Id
            name: Id
            level: Literal["district", "street", "community"]
            division_id: Id
            parent_id: str | None = None
            operator_id: str | None = None
            co_builder_ids: tuple[str, ...] = ()
            setting: str = "community"
            area_m2: Decimal | None = None
            opened: dt.date | None = None

        class PWorker(pydantic.BaseModel):
            model_config = config
            id: Id
            name: Id
            tracks: frozenset[Literal["practitioner", "manager", "supervisor"]] = frozenset()
            certification: str | None = None
            employer_id: str | None = None
            station_id: str | None = None
            skills: frozenset[str] = frozenset()

        class PFund(pydantic.BaseModel):
            model_config = config
            id: Id
            name: Id
            division_id: Id
            manager_id: Id
            established: dt.date
            committee_members: Annotated[int, pydantic.Field(ge=0)] | None = None
            committee_supervisors: Annotated[int, pydantic.Field(ge=0)] | None = None

        class PDonation(pydantic.BaseModel):
            model_config = config
            id: Id
            fund_id: Id
            amount: Money
            date: dt.date
            donor: str | None = None

        class PDocument(pydantic.BaseModel):
            model_config = config
            format: Literal["socialwork"]
            version: Literal[1, 2, 3]
            divisions: list[PDivision] = []
            organizations: list[POrganization] = []
            stations: list[PStation] = []
            social_workers: list[PWorker] = []
            volunteers: list[dict[str, Any]] = []
            projects: list[dict[str, Any]] = []
            needs: list[dict[str, Any]] = []
            funds: list[PFund] = []
            donations: list[PDonation] = []
            grants: list[dict[str, Any]] = []

        models = {
            "divisions": PDivision,
            "organizations": POrganization,
            "stations": PStation,
            "social_workers": PWorker,
            "funds": PFund,
            "donations": PDonation,
        }

        def pydantic_per_record(data: bytes) -> list[Any]:
            # The path comparable to ours: parse with json, then validate each record.
            doc = json.loads(data, parse_float=Decimal)
            return [models[kind].model_validate(record) for kind in models for record in doc[kind]]

        loaders["pydantic v2 per record"] = pydantic_per_record
        loaders["pydantic v2 from JSON"] = PDocument.model_validate_json
    try:
        import msgspec
    except ImportError:
        pass
    else:
        MId = Annotated[str, msgspec.Meta(min_length=1)]

        class MDivision(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
            code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{6}([0-9]{3}){0,2}$")]
            name: MId
            level: Literal["province", "city", "district", "street", "community"]
            parent_code: str | None = None

        class MOrganization(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
            id: MId
            name: MId
            kind: str
            credit_code: str | None = None
            division_id: str | None = None
            public_fundraising: bool = False

        class MStation(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
            id: MId
            name: MId
            level: Literal["district", "street", "community"]
            division_id: MId
            parent_id: str | None = None
            operator_id: str | None = None
            co_builder_ids: tuple[str, ...] = ()
            setting: str = "community"
            area_m2: Decimal | None = None
            opened: dt.date | None = None

        class MWorker(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
            id: MId
            name: MId
            tracks: frozenset[Literal["practitioner", "manager", "supervisor"]] = frozenset()
            certification: str | None = None
            employer_id: str | None = None
            station_id: str | None = None
            skills: frozenset[str] = frozenset()

        class MFund(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
            id: MId
            name: MId
            division_id: MId
            manager_id: MId
            established: dt.date
            committee_members: Annotated[int, msgspec.Meta(ge=0)] | None = None
            committee_supervisors: Annotated[int, msgspec.Meta(ge=0)] | None = None

        class MDonation(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
            id: MId
            fund_id: MId
            amount: Decimal
            date: dt.date
            donor: str | None = None

        class MDocument(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
            format: Literal["socialwork"]
            version: Literal[1, 2, 3]
            divisions: list[MDivision] = []
            organizations: list[MOrganization] = []
            stations: list[MStation] = []
            social_workers: list[MWorker] = []
            volunteers: list[dict[str, Any]] = []
            projects: list[dict[str, Any]] = []
            needs: list[dict[str, Any]] = []
            funds: list[MFund] = []
            donations: list[MDonation] = []
            grants: list[dict[str, Any]] = []

        decoder = msgspec.json.Decoder(MDocument)
        loaders["msgspec"] = decoder.decode
    return loaders


def timed(func: Callable[[], Any], *, repeat: int) -> tuple[float, Any]:
    """The best wall time of *repeat* calls, and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_mib(func: Callable[[], Any]) -> float:
    """Peak memory allocated by Python while *func* runs, in MiB (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def load_peak_rss_mib(data: bytes) -> float:
    """Peak resident memory of a fresh process that loads *data* from a file, in MiB.

    A separate process, so that the figure is the loader's alone (with the
    interpreter and its imports), not this benchmark's.
    """
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as file:
        file.write(data)
    # VmHWM is the new process's own high-water mark; ru_maxrss would also count
    # the pages of this (large) process that the child shared before its exec.
    code = (
        "import resource, sys, socialwork as sw; registry = sw.load(sys.argv[1]); "
        "status = open('/proc/self/status').read() if sys.platform == 'linux' else ''; "
        "hwm = [line.split()[1] for line in status.splitlines() if line.startswith('VmHWM')]; "
        "print(hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", code, file.name], capture_output=True, text=True, check=True
        )
    finally:
        Path(file.name).unlink()
    return int(out.stdout) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one small size, for a smoke run")
    parser.add_argument("--sizes", type=int, nargs="*", default=None)
    args = parser.parse_args(argv)
    sizes = args.sizes or ([2_000] if args.quick else [100_000, 1_000_000])
    repeat = 1 if args.quick else 3
    references = _references()
    print(f"python {sys.version.split()[0]}, socialwork {sw.__version__}; best of {repeat} runs")
    header = (
        f"{'entities':>10}  {'step':<28}{'seconds':>9}{'µs/entity':>11}{'peak MiB':>10}{'ours / ref':>12}"
    )
    print(header)
    print("-" * len(header))
    for n in sizes:
        registry = make_registry(n)
        count = len(registry)
        entities = registry.entities()
        build_s, _ = timed(lambda entities=entities: sw.Registry(entities), repeat=repeat)
        del entities
        data = sw.dumps(registry).encode("utf-8")
        del registry
        gc.collect()
        load_s, loaded = timed(lambda data=data: sw.loads(data), repeat=repeat)
        dump_s, _ = timed(lambda loaded=loaded: sw.dumps(loaded), repeat=repeat)
        frames_s = float("nan")
        if importlib.util.find_spec("pandas") is not None:  # from_frames: the pandas extra
            frames = sw.io.to_frames(loaded, redact=False)
            frames_s, _ = timed(lambda frames=frames: sw.io.from_frames(frames), repeat=repeat)
            del frames
        load_mib = load_peak_rss_mib(data)
        dump_mib = peak_mib(lambda loaded=loaded: sw.dumps(loaded)) if n <= 100_000 else float("nan")
        del loaded
        rows = [
            ("socialwork load", load_s, load_mib, None),
            ("socialwork dump", dump_s, dump_mib, None),
            ("Registry(entities)", build_s, float("nan"), None),
        ]
        if not math.isnan(frames_s):
            rows.append(("from_frames (ref: our load)", frames_s, float("nan"), frames_s / load_s))
        for name, loader in references.items():
            ref_s, result = timed(lambda loader=loader, data=data: loader(data), repeat=repeat)
            del result
            rows.append((f"{name} load", ref_s, float("nan"), load_s / ref_s))
        for step, seconds, mib, ratio in rows:
            ratio_text = f"{ratio:>11.2f}x" if ratio is not None else f"{'':>12}"
            mib_text = f"{mib:>10.0f}" if not math.isnan(mib) else f"{'':>10}"
            print(
                f"{count:>10,}  {step:<28}{seconds:>9.2f}{1e6 * seconds / count:>11.2f}{mib_text}{ratio_text}"
            )
        print(f"{'':>10}  document: {len(data) / 2**20:.0f} MiB of JSON")
    print(
        "ours / ref < 1: socialwork is faster. Load peak MiB: the peak RSS of a process that loads the file;"
    )
    print("dump peak MiB: traced allocations (left out above 100,000 entities, where tracing is too slow).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
