"""socialwork.io ledgers (台账): columns from the model, cells as clerks write them, every problem located."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import socialwork as sw
from socialwork.errors import LedgerError, LedgerProblem
from socialwork.io._ledger_cells import CellError, parse_cell
from socialwork.io._ledger_columns import HEADERS, columns_of, normal, read_mapping
from socialwork.model import KINDS
from socialwork.testing import registries

DIVISIONS = "区划代码,名称,层级,上级区划\n510107,武侯区,区县,\n510107015,玉林街道,街道乡镇,510107\n"


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def _problems(paths: Any, **options: Any) -> list[LedgerProblem]:
    with pytest.raises(LedgerError) as caught:
        sw.io.read_ledgers(paths, **options)
    problems = list(caught.value.problems)
    assert all(isinstance(p, LedgerProblem) for p in problems)
    return problems  # type: ignore[return-value]


def _codes(paths: Any, **options: Any) -> list[tuple[str, int, str]]:
    return [(p.code, p.row, p.column) for p in _problems(paths, **options)]


# The column tables


def test_every_field_of_every_kind_has_headers_and_nothing_else() -> None:
    """The header tables name exactly the model's fields: no second list of fields to drift."""
    assert list(HEADERS) == list(KINDS)
    for kind, record in KINDS.items():
        assert list(HEADERS[kind]) == [field.name for field in attrs.fields(record.cls)]
        assert [c.field for c in columns_of(kind)] == list(HEADERS[kind])


def test_no_header_names_two_fields_of_one_kind() -> None:
    """Within a kind every header and alias, compared normalised, names one field."""
    for kind, table in HEADERS.items():
        seen: dict[str, str] = {}
        for field, words in table.items():
            for word in words:
                assert seen.setdefault(normal(word), field) == field, (kind, word)


def test_a_mapping_with_an_unknown_key_is_refused(tmp_path: Path) -> None:
    """A user mapping is strict: an unknown table, kind or field is a mapping-error, each named."""
    mapping = _write(
        tmp_path, "m.toml", '[stations]\n"站点名" = "nom"\n[people]\nx = "y"\n[sheets]\n"a" = "b"\n'
    )
    data = tmp_path / "data"
    data.mkdir()
    problems = _problems(data, columns=mapping)
    assert [p.code for p in problems] == ["mapping-error"] * 3
    assert "nom" in problems[0].message
    assert read_mapping(None)[1] == []


def test_a_mapping_adds_headers_sheet_names_and_skipped_columns(tmp_path: Path) -> None:
    """Mapped headers name fields, "" skips a column, and a mapped sheet name gives the kind."""
    _write(tmp_path, "行政区划.csv", DIVISIONS)
    _write(tmp_path, "站点一览.csv", "站名,层级,所属区划,联系电话\n玉林站,街道社工站,玉林街道,12345\n")
    columns = {"stations": {"站名": "name", "联系电话": ""}, "sheets": {"站点一览": "stations"}}
    registry = sw.io.read_ledgers(tmp_path, columns=columns)
    [station] = registry.stations.values()
    assert (station.name, station.division_id) == ("玉林站", "510107015")


# Cells


@pytest.mark.parametrize(
    "text",
    [
        "2021-12-31",
        "2021/12/31",
        "2021.12.31",
        "2021年12月31日",
        "２０２１年１２月３１日",
        "20211231",
        44561.0,
    ],
)
def test_dates_in_every_form_offices_write(text: object) -> None:
    """Dates as text in the listed forms, full-width digits, and Excel serials all read the same day."""
    assert parse_cell(text, "date") == "2021-12-31"


def test_a_workbook_date_and_datetime_at_midnight_are_dates() -> None:
    """Dates a workbook holds as dates are taken as they are."""
    assert parse_cell(dt.datetime(2021, 12, 31), "date") == "2021-12-31"
    assert parse_cell(dt.date(2021, 12, 31), "date") == "2021-12-31"


@pytest.mark.parametrize(
    ("given", "amount"),
    [
        ("1,234.50", "1234.50"),
        ("1234.5元", "1234.5"),
        ("12.5万元", "125000.0"),
        ("１２０", "120"),
        (0.1 + 0.2, "0.30"),
    ],
)
def test_money_is_exact(given: object, amount: str) -> None:
    """Money reads exactly, commas, 元 and 万元 included; float noise of a computed cell is rounded to the fen."""
    assert Decimal(parse_cell(given, "money")) == Decimal(amount)


def test_flags_enums_and_lists() -> None:
    """是/否, enumerations by value or either label, and lists split on 、 and commas."""
    assert parse_cell("是", "bool") is True
    assert parse_cell("否", "bool") is False
    assert parse_cell("街道社工站", "enum", sw.StationLevel) == "street"
    assert parse_cell("District hub", "enum", sw.StationLevel) == "district"
    assert parse_cell("家庭探访, 心理咨询", "enums", sw.ServiceKind) == ["home_visit", "counselling"]


def test_a_code_excel_made_scientific_is_refused_with_the_hint() -> None:
    """5.10107E+11 has lost its digits: the error says so and says to format the column as text."""
    with pytest.raises(CellError) as caught:
        parse_cell("5.10107E+11", "code")
    assert caught.value.code == "lost-digits"
    assert "format the column as text" in caught.value.message
    assert "设为文本格式" in caught.value.message.zh
    assert parse_cell(510107015001.0, "code") == "510107015001"


CELLS = st.one_of(
    st.text(max_size=20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


@given(
    value=CELLS,
    parse=st.sampled_from(["text", "id", "code", "date", "money", "decimal", "int", "bool", "refs"]),
)
def test_fuzzed_cells_raise_only_cell_errors(value: object, parse: str) -> None:
    """Whatever a cell holds, a parser returns a value or raises its own CellError, nothing else."""
    try:
        parse_cell(value, parse)
    except CellError as error:
        assert error.code in {"type-error", "lost-digits", "constraint-error"}
        assert error.message.zh


@given(value=CELLS, cls=st.sampled_from([sw.StationLevel, sw.ServiceKind, sw.OrgKind]))
def test_fuzzed_enum_cells_raise_only_cell_errors(value: object, cls: Any) -> None:
    """Enumeration columns too."""
    try:
        parse_cell(value, "enums", cls)
    except CellError as error:
        assert error.code == "type-error"


# A workbook that looks like the real thing


def _office_workbook(path: Path) -> None:
    book = openpyxl.Workbook()
    divisions = book.active
    divisions.title = "行政区划"
    divisions.append(["区划代码", "名称", "层级", "上级区划"])
    divisions.append(["510107", "武侯区", "区县", None])
    divisions.append([510107015, "玉林街道", "街道", "武侯区"])
    divisions.append(["510107015001", "玉林社区", "社区", "玉林街道"])
    orgs = book.create_sheet("机构")
    orgs.append(["机构名称", "机构类型", "公开募捐资格", "备注"])
    orgs.append(["武侯区社工协会", "社工机构", "否", "承接总站"])
    stations = book.create_sheet("社工站台账")
    stations["A1"] = "武侯区社工站台账（2021年12月）"
    stations.merge_cells("A1:F1")
    stations["A2"] = "名称"
    stations.merge_cells("A2:A3")
    stations["B2"] = "层级"
    stations.merge_cells("B2:B3")
    stations["C2"] = "基本信息"
    stations.merge_cells("C2:F2")
    for letter, header in zip("CDEF", ["所属街道", "面积（平方米）", "成立时间", "运营机构"], strict=True):
        stations[f"{letter}3"] = header
    stations.append(
        ["武侯区社工总站 ", "区社工总站", "武侯区", "１１２０", dt.date(2021, 3, 1), "武侯区社工协会"]
    )
    stations.append([None, None, None, None, None, None])
    stations.append(["玉林街道社工站", "街道社工站", "玉林街道", 120, "2021年12月31日", "武侯区社工协会"])
    stations.append(["合计", None, None, 1240, None, None])
    workers = book.create_sheet("社工名册")
    workers.append(["姓名", "人才类别", "所属站点", "服务专长"])
    workers.append(["李社工", "督导、实务", "玉林街道社工站", "家庭探访、心理咨询"])
    book.save(path)


def test_an_office_workbook_reads(tmp_path: Path) -> None:
    """Title rows, a header in two merged rows, a blank row, a 合计 row, 备注, full-width digits, names as references."""
    path = tmp_path / "武侯区台账.xlsx"
    _office_workbook(path)
    found = sw.io.import_ledgers(path)
    registry = found.registry
    assert registry.counts()["stations"] == 2
    hub, street = sorted(registry.stations.values(), key=lambda s: s.area_m2 or 0, reverse=True)
    assert (hub.name, hub.division_id, hub.area_m2, hub.opened) == (
        "武侯区社工总站",
        "510107",
        Decimal(1120),
        dt.date(2021, 3, 1),
    )
    assert street.opened == dt.date(2021, 12, 31)
    assert hub.operator_id == street.operator_id == next(iter(registry.organizations))
    [worker] = registry.social_workers.values()
    assert worker.station_id == street.id
    assert worker.tracks == {sw.TalentTrack.SUPERVISOR, sw.TalentTrack.PRACTITIONER}
    assert registry.divisions["510107015"].parent_code == "510107"
    cell = found.cell_of("stations[1].area_m2")
    assert cell is not None
    assert (cell.sheet, cell.row, cell.column, cell.header) == ("社工站台账", 6, "D", "面积（平方米）")


def test_the_same_workbook_gives_the_same_ids_under_any_hash_seed(tmp_path: Path) -> None:
    """Ids made for rows without them come from the rows' content, not from hashing order."""
    path = tmp_path / "台账.xlsx"
    _office_workbook(path)
    script = "import sys, socialwork as sw; print(sorted(sw.io.read_ledgers(sys.argv[1]).stations))"
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, str(path)], capture_output=True, text=True, env=env, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert "st-" in outputs.pop()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    """UTF-8, UTF-8 with a BOM and GB18030 (what Excel on Chinese Windows saves) all read."""
    _write(tmp_path, "行政区划.csv", DIVISIONS, encoding)
    _write(tmp_path, "社工站.csv", "站点名称,层级,所属街道\n玉林街道社工站,街道社工站,玉林街道\n", encoding)
    [station] = sw.io.read_ledgers(tmp_path).stations.values()
    assert station.name == "玉林街道社工站"


# Each problem code, pinned


def test_missing_header(tmp_path: Path) -> None:
    """A required column that the sheet lacks is missing-header, on the row below the header."""
    _write(tmp_path, "行政区划.csv", DIVISIONS)
    _write(tmp_path, "社工站.csv", "名称,所属区划\n玉林站,玉林街道\n")
    assert ("missing-header", 1, "") in _codes(tmp_path)


def test_duplicate_header(tmp_path: Path) -> None:
    """Two columns that name one field: duplicate-header on the second."""
    _write(tmp_path, "行政区划.csv", DIVISIONS)
    _write(tmp_path, "社工站.csv", "名称,站点名称,层级,所属区划\na,b,街道社工站,玉林街道\n")
    assert _codes(tmp_path) == [("duplicate-header", 1, "B")]


def test_unknown_header(tmp_path: Path) -> None:
    """A header that names no field is reported, with the hint to map it."""
    _write(tmp_path, "行政区划.csv", DIVISIONS)
    _write(tmp_path, "社工站.csv", "名称,层级,所属区划,联系电话\na,街道社工站,玉林街道,1\n")
    [problem] = _problems(tmp_path)
    assert (problem.code, problem.column, problem.header) == ("unknown-header", "D", "联系电话")
    assert "--columns" in problem.message


def test_unknown_sheet(tmp_path: Path) -> None:
    """A sheet recognised neither by name nor by headers is reported, not guessed."""
    _write(tmp_path, "杂项.csv", "甲,乙\n1,2\n")
    assert _codes(tmp_path) == [("unknown-sheet", 0, "")]


def test_blank_cell(tmp_path: Path) -> None:
    """A required cell left blank: blank-cell, at its row and column."""
    _write(tmp_path, "行政区划.csv", DIVISIONS)
    _write(tmp_path, "社工站.csv", "名称,层级,所属区划\na,,玉林街道\n")
    assert _codes(tmp_path) == [("blank-cell", 2, "B")]


def test_type_error_names_the_cell_header_and_value(tmp_path: Path) -> None:
    """A cell of the wrong form: type-error, with the header and the value as written, in both languages."""
    _write(tmp_path, "行政区划.csv", DIVISIONS)
    _write(tmp_path, "社工站.csv", "名称,层级,所属区划,成立时间\na,街道社工站,玉林街道,去年\n")
    [problem] = _problems(tmp_path)
    assert (problem.code, problem.row, problem.column, problem.header, problem.value) == (
        "type-error",
        2,
        "D",
        "成立时间",
        "去年",
    )
    assert problem.path.endswith("社工站.csv!D2")
    assert "应为" in problem.render("zh")


def test_lost_digits(tmp_path: Path) -> None:
    """A code in scientific notation: lost-digits at its cell."""
    _write(tmp_path, "行政区划.csv", DIVISIONS)
    _write(tmp_path, "社工站.csv", "名称,层级,所属区划\na,街道社工站,5.10107E+11\n")
    assert _codes(tmp_path) == [("lost-digits", 2, "C")]


def test_constraint_error_from_the_model(tmp_path: Path) -> None:
    """What the model refuses (a negative area) is a constraint-error at the cell."""
    _write(tmp_path, "行政区划.csv", DIVISIONS)
    _write(tmp_path, "社工站.csv", "名称,层级,所属区划,面积\na,街道社工站,玉林街道,-5\n")
    assert _codes(tmp_path) == [("constraint-error", 2, "D")]


def test_unknown_reference(tmp_path: Path) -> None:
    """A name that no row of the target sheet has: unknown-reference."""
    _write(tmp_path, "行政区划.csv", DIVISIONS)
    _write(tmp_path, "社工站.csv", "名称,层级,所属区划\na,街道社工站,青羊区\n")
    [problem] = _problems(tmp_path)
    assert (problem.code, problem.column, problem.value) == ("unknown-reference", "C", "青羊区")


def test_ambiguous_reference(tmp_path: Path) -> None:
    """A name that two rows share: ambiguous-reference, naming their ids."""
    _write(tmp_path, "行政区划.csv", DIVISIONS)
    _write(
        tmp_path, "社工站.csv", "名称,层级,所属区划\n玉林站,街道社工站,玉林街道\n玉林站,社区社工室,玉林街道\n"
    )
    _write(tmp_path, "社工名册.csv", "姓名,所属站点\n李,玉林站\n")
    [problem] = _problems(tmp_path)
    assert (problem.code, problem.file.endswith("社工名册.csv"), problem.column) == (
        "ambiguous-reference",
        True,
        "B",
    )


def test_duplicate_row(tmp_path: Path) -> None:
    """A row that repeats another: duplicate-row, naming the first."""
    _write(tmp_path, "行政区划.csv", DIVISIONS)
    _write(tmp_path, "社工站.csv", "名称,层级,所属区划\na,街道社工站,玉林街道\na,街道社工站,玉林街道\n")
    [problem] = _problems(tmp_path)
    assert (problem.code, problem.row) == ("duplicate-row", 3)
    assert "row 2" in problem.message


def test_encoding_error_and_unreadable_files(tmp_path: Path) -> None:
    """A file of no known encoding, a damaged workbook and a file of another type are each reported."""
    _write(tmp_path, "社工站.csv", "")
    (tmp_path / "社工站.csv").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "坏.xlsx").write_bytes(b"not a zip")
    codes = {p.code for p in _problems([tmp_path / "社工站.csv", tmp_path / "坏.xlsx", tmp_path / "x.txt"])}
    assert codes <= {"encoding-error", "unreadable-file", "unknown-sheet"}
    assert "unreadable-file" in codes


def test_every_problem_at_once_and_nothing_built(tmp_path: Path) -> None:
    """Problems of several sheets and cells come in one error, in file, sheet, row, column order."""
    _write(tmp_path, "行政区划.csv", DIVISIONS)
    _write(
        tmp_path, "社工站.csv", "名称,层级,所属区划,成立时间\na,X,玉林街道,去年\nb,街道社工站,无,2021-01-01\n"
    )
    assert _codes(tmp_path) == [("type-error", 2, "B"), ("type-error", 2, "D"), ("unknown-reference", 3, "C")]


def test_ledger_errors_pickle_with_their_problems(tmp_path: Path) -> None:
    """A LedgerError survives pickling with every located problem."""
    _write(tmp_path, "社工站.csv", "名称,层级\na,X\n")
    with pytest.raises(LedgerError) as caught:
        sw.io.read_ledgers(tmp_path)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert copy.problems == caught.value.problems
    assert isinstance(copy, sw.LoadError)


def test_fuzzed_csv_text_raises_only_the_library_error(tmp_path: Path) -> None:
    """Whatever a CSV file holds, the import returns a registry or raises a LedgerError."""

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        text=st.text(
            alphabet=st.sampled_from(list('名称层级所属区划,\n"=5.E+1街道社工站 \u3000合计')), max_size=80
        )
    )
    def check(text: str) -> None:
        _write(tmp_path, "社工站.csv", text)
        try:
            sw.io.read_ledgers(tmp_path / "社工站.csv")
        except LedgerError as error:
            assert all(isinstance(p, LedgerProblem) for p in error.problems)

    check()


# Writing and round trips


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(registry=registries(), lang=st.sampled_from(["zh", "en"]))
def test_registry_to_xlsx_and_back(tmp_path: Path, registry: sw.Registry, lang: str) -> None:
    """Any registry written as a workbook reads back as the same registry, in either language."""
    path = tmp_path / "台账.xlsx"
    sw.io.write_ledgers(registry, path, lang=lang)  # type: ignore[arg-type]
    assert sw.io.read_ledgers(path) == registry


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(registry=registries(), lang=st.sampled_from(["zh", "en"]))
def test_registry_to_csv_and_back(tmp_path: Path, registry: sw.Registry, lang: str) -> None:
    """Any registry written as CSV files reads back as the same registry."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path)) / "csv"
    sw.io.write_ledgers(registry, folder, to="csv", lang=lang)  # type: ignore[arg-type]
    assert sw.io.read_ledgers(folder) == registry


@pytest.mark.parametrize("name", ["example", "wuhou", "binzhou", "wuhan_school"])
def test_bundled_scenarios_export_and_read_back(tmp_path: Path, name: str) -> None:
    """Every bundled scenario goes out as a workbook and comes back the same."""
    registry = getattr(sw.datasets, name)()
    sw.io.write_ledgers(registry, tmp_path / "a.xlsx")
    assert sw.io.read_ledgers(tmp_path / "a.xlsx") == registry


def test_formula_injection_is_neutralised_and_read_back(tmp_path: Path) -> None:
    """A name that starts like a formula is written as text after an apostrophe, and reads back as it was."""
    registry = sw.datasets.example()
    station = next(iter(registry.stations.values()))
    changed = registry.replace([attrs.evolve(station, name='=HYPERLINK("http://x","y")')])
    path = tmp_path / "a.xlsx"
    sw.io.write_ledgers(changed, path)
    book = openpyxl.load_workbook(path)
    values = [c.value for row in book["社工站"].iter_rows() for c in row]
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)
    assert sw.io.read_ledgers(path) == changed


def test_personal_values_redacted_on_request(tmp_path: Path) -> None:
    """pii="redact" writes <redacted> for a worker's name; by default the ledger keeps it, as dump does."""
    registry = sw.datasets.example()
    sw.io.write_ledgers(registry, tmp_path / "kept", to="csv")
    sw.io.write_ledgers(registry, tmp_path / "shared", to="csv", pii="redact")
    assert "<redacted>" not in (tmp_path / "kept" / "社会工作者.csv").read_text(encoding="utf-8-sig")
    assert "<redacted>" in (tmp_path / "shared" / "社会工作者.csv").read_text(encoding="utf-8-sig")


def test_a_written_file_replaces_the_old_one_whole(tmp_path: Path) -> None:
    """Writes are atomic: no temporary file is left beside the workbook."""
    path = tmp_path / "a.xlsx"
    sw.io.write_ledgers(sw.datasets.example(), path)
    sw.io.write_ledgers(sw.datasets.wuhou(), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_template_reads_back_without_a_problem(tmp_path: Path, lang: str) -> None:
    """A blank template imports as an empty registry; its enum columns have drop-down lists."""
    path = tmp_path / "模板.xlsx"
    sw.io.write_template(path, lang=lang)  # type: ignore[arg-type]
    assert sw.io.read_ledgers(path) == sw.Registry()
    book = openpyxl.load_workbook(path)
    sheet = book[KINDS["stations"].label(lang)]  # type: ignore[arg-type]
    validated = {
        str(r).split(":")[0] for dv in sheet.data_validations.dataValidation for r in dv.sqref.ranges
    }
    assert {"C2", "H2"} <= validated  # level and setting


def test_a_filled_template_reads_back(tmp_path: Path) -> None:
    """Rows typed into the template under its headers read."""
    path = tmp_path / "模板.xlsx"
    sw.io.write_template(path)
    book = openpyxl.load_workbook(path)
    book["行政区划"].append(["510107", "武侯区", "区县"])
    book["社工站"].append([None, "武侯区社工总站", "区社工总站", "武侯区"])
    book.save(path)
    [station] = sw.io.read_ledgers(path).stations.values()
    assert station.division_id == "510107"


def test_the_annotated_copy_marks_every_problem_cell(tmp_path: Path) -> None:
    """--annotate's copy: each problem cell filled and commented, in the chosen language."""
    path = tmp_path / "台账.xlsx"
    _office_workbook(path)
    book = openpyxl.load_workbook(path)
    book["社工站台账"]["E4"] = "去年"
    book.save(path)
    problems = _problems(path)
    marked = sw.io.annotate_ledgers(path, problems, tmp_path / "fixed.xlsx", lang="zh")
    assert marked == 1
    copy = openpyxl.load_workbook(tmp_path / "fixed.xlsx")
    cell = copy["社工站台账"]["E4"]
    assert cell.comment is not None
    assert "应为" in cell.comment.text
    assert cell.fill.fill_type == "solid"


def test_violations_point_back_to_cells(tmp_path: Path) -> None:
    """Each rule violation of an imported registry names the row its entity came from."""
    registry = sw.datasets.synthetic(faults=["orphan_room"])
    path = tmp_path / "a.xlsx"
    sw.io.write_ledgers(registry, path)
    found = sw.io.import_ledgers(path)
    report = sw.validate(found.registry)
    assert len(report) > 0
    book = openpyxl.load_workbook(path, read_only=True)
    for violation in report:
        cell = found.cell_of(violation.path)
        assert cell is not None
        sheet = book[cell.sheet]
        first = next(sheet.iter_rows(min_row=cell.row, max_row=cell.row, values_only=True))[0]
        assert first == violation.subject


def test_duplicate_id(tmp_path: Path) -> None:
    """Two different rows with one 编号: duplicate-id, at the second row."""
    _write(tmp_path, "行政区划.csv", DIVISIONS)
    _write(
        tmp_path,
        "社工站.csv",
        "编号,名称,层级,所属区划\ns1,a,街道社工站,玉林街道\ns1,b,街道社工站,玉林街道\n",
    )
    problems = _problems(tmp_path)
    assert [(p.code, p.row) for p in problems] == [("duplicate-id", 3)]


@pytest.mark.parametrize("module", ["python_calamine", "openpyxl"])
def test_a_missing_extra_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    """Without python-calamine (reading) or openpyxl (writing) the error names the ledgers extra."""
    path = tmp_path / "a.xlsx"
    sw.io.write_ledgers(sw.datasets.example(), path)
    monkeypatch.setitem(sys.modules, module, None)
    if module == "openpyxl":
        with pytest.raises(sw.MissingDependencyError, match=r"socialwork\[ledgers\]"):
            sw.io.write_ledgers(sw.datasets.example(), path)
    else:
        with pytest.raises(sw.MissingDependencyError, match=r"socialwork\[ledgers\]"):
            sw.io.read_ledgers(path)


def test_csv_ledgers_need_no_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CSV ledgers read and write with the core dependencies alone."""
    for module in ("python_calamine", "openpyxl", "charset_normalizer"):
        monkeypatch.setitem(sys.modules, module, None)
    sw.io.write_ledgers(sw.datasets.example(), tmp_path / "csv", to="csv")
    assert sw.io.read_ledgers(tmp_path / "csv") == sw.datasets.example()


def _ods(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    """A hand-made OpenDocument spreadsheet (what LibreOffice and WPS save), one table a sheet."""
    import zipfile

    def cell(value: object) -> str:
        if isinstance(value, int | float):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    body = "".join(
        f'<table:table table:name="{name}">'
        + "".join("<table:table-row>" + "".join(map(cell, row)) + "</table:table-row>" for row in rows)
        + "</table:table>"
        for name, rows in sheets.items()
    )
    office = "urn:oasis:names:tc:opendocument:xmlns"
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office}:office:1.0" '
        f'xmlns:table="{office}:table:1.0" xmlns:text="{office}:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="{office}:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)


def test_an_ods_workbook_reads(tmp_path: Path) -> None:
    """An .ods workbook reads like an .xlsx one; a whole number stays whole."""
    path = tmp_path / "台账.ods"
    _ods(
        path,
        {
            "行政区划": [["区划代码", "名称", "层级"], ["510107", "武侯区", "区县"]],
            "社工站": [["名称", "层级", "所属区划", "面积"], ["总站", "区社工总站", "武侯区", 1120]],
        },
    )
    [station] = sw.io.read_ledgers(path).stations.values()
    assert (station.division_id, str(station.area_m2)) == ("510107", "1120")
