"""The quality gate: a Great Expectations suite over the metric frame.

Each expectation carries a severity. Rows that fail a critical one go to
quality.quarantine with every reason; rows that fail only warnings load with
their flags. GX is imported here and nowhere else, and only when a gate runs.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from transforms.lexicon import lexicon

SUITE_NAME = "fct_metric_suite"
DATASOURCE, ASSET, BATCH_DEF = "ruralpulse_frames", "metric_frame", "whole_frame"
CRITICAL, WARNING = "critical", "warning"
KEEP_RESULTS = 30

UNIT_KINDS = (
    "currency",
    "ratio",
    "count",
    "length",
    "area",
    "mass",
    "energy",
    "power",
    "volume",
    "duration",
    "age",
    "speed",
    "temperature",
    "concentration",
    "data",
    "data_rate",
    "electric",
    "angle",
    "frequency",
    "pressure",
    "fuel_economy",
    "radiation",
    "number",
)
BOUNDS = ("exact", "approximate", "lower", "upper")
CHANGES = ("relative", "absolute", "multiple")
# Plausible exchange rates, units of the first currency per one of the second.
RATE_BANDS: dict[tuple[str, str], tuple[float, float]] = {
    ("CNY", "USD"): (5.5, 9.0),
    ("CNY", "EUR"): (6.0, 10.5),
    ("CNY", "HKD"): (0.7, 1.2),
    ("CNY", "GBP"): (7.0, 13.0),
    ("CNY", "JPY"): (0.03, 0.09),
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One expectation of the suite: a stable name, a severity and what it means."""

    name: str
    severity: str
    description: str


RULES: tuple[Rule, ...] = (
    Rule("value_not_null", CRITICAL, "value is missing"),
    Rule("value_finite", CRITICAL, "value is not a finite number in ±1e300"),
    Rule("base_value_finite", CRITICAL, "base_value is not a finite number in ±1e300"),
    Rule("unit_kind_known", CRITICAL, "unit_kind is not a known kind"),
    Rule("bound_known", CRITICAL, "bound is not exact/approximate/lower/upper"),
    Rule("change_known", CRITICAL, "change is not relative/absolute/multiple"),
    Rule("unit_known", CRITICAL, "unit is not a known unit for a non-count metric"),
    Rule("share_within_0_100", CRITICAL, "a percent share (no change) is outside 0..100"),
    Rule("count_non_negative", CRITICAL, "a count is negative"),
    Rule("surface_matches_text", CRITICAL, "surface differs from text[start:end] (provenance)"),
    Rule("key_unique", CRITICAL, "(doc_id, start, end) is not unique"),
    Rule("confidence_0_1", CRITICAL, "confidence is outside 0..1"),
    Rule("range_ordered", WARNING, "a range has low > high"),
    Rule(
        "period_not_after_publication",
        WARNING,
        "an achieved figure describes a period that starts after publication",
    ),
    Rule(
        "exchange_rate_plausible",
        WARNING,
        "the exchange rate implied by a currency restatement is outside the plausible band",
    ),
)
DOCUMENT_SUITE_NAME = "dim_document_suite"
DOCUMENT_ASSET = "document_frame"
DOCUMENT_RULES: tuple[Rule, ...] = (
    Rule("doc_text_not_empty", WARNING, "the document has no text"),
    Rule("doc_id_unique", WARNING, "doc_id is not unique in the batch"),
    Rule(
        "doc_published_plausible",
        WARNING,
        "the publication date is before 1949-10-01 or after the day it was fetched",
    ),
    Rule("doc_language_known", WARNING, "the language is neither en nor zh"),
    Rule(
        "doc_date_source_known",
        WARNING,
        "published_at_source is not metadata, dateline, filename or ingested",
    ),
)
RULE_BY_NAME = {r.name: r for r in (*RULES, *DOCUMENT_RULES)}
EARLIEST_PUBLICATION = dt.date(1949, 10, 1)


@cache
def _unit_parts() -> tuple[frozenset[str], frozenset[str]]:
    """The units a non-count metric may have (currencies, ratios, measures) and the
    denominators of a rate."""
    lex = lexicon()
    currencies = (
        set(lex.currency_word.values()) | set(lex.currency_symbol.values()) | lex.currency_codes
    )
    measures = {code for code, _ in lex.measure.values()}
    base = currencies | measures | {"percent", "percentage_point", "times"}
    return frozenset(base), frozenset(lex.rate_denominator.values())


_PLAIN_NOUN_RE = re.compile(r"[a-z]{3,}(?:-[a-z]+)*")


def _counted_noun(word: str) -> bool:
    """ "CNY per project": after "per" the extractor reads any noun as a denominator; a word that
    ends a noun phrase ("the", "and", "with") or holds digits is none."""
    return bool(_PLAIN_NOUN_RE.fullmatch(word)) and word not in lexicon().noun_phrase_stops


@cache
def unit_is_known(unit: str | None) -> bool:
    """A known unit, or a rate of a currency or measure per one or two known denominators
    ("CNY per capita", "litre per capita per day")."""
    if not unit:
        return False
    base, dens = _unit_parts()
    if unit in base:
        return True  # also a measure with "per" in its name: "kilometre per hour"
    parts = unit.split(" per ")
    for k in range(1, len(parts)):  # the numerator may itself be such a measure
        numerator, denominators = " per ".join(parts[:k]), parts[k:]
        if (
            numerator in base
            and numerator not in ("percent", "percentage_point", "times")
            and len(denominators) <= 2
            and all(d in dens or _counted_noun(d) for d in denominators)
        ):
            return True
    return False


def prepare_frame(
    metrics: pd.DataFrame, texts: dict[str, str], published: dict[str, dt.date | None]
) -> pd.DataFrame:
    """The metric frame plus the derived columns the suite checks (row_id, text_span, ...)."""
    f = metrics.reset_index(drop=True).copy()
    f["row_id"] = range(len(f))
    f["text_span"] = [
        texts.get(d, "")[s:e] if isinstance(s, int | float) and isinstance(e, int | float) else None
        for d, s, e in zip(
            f["doc_id"], f["start"].astype("int64"), f["end"].astype("int64"), strict=True
        )
    ]
    pub = f["doc_id"].map(published)
    starts = pd.to_datetime(f["period_start"], errors="coerce")
    pubs = pd.to_datetime(pub, errors="coerce")
    f["period_after_publication"] = ((starts > pubs) & ~f["is_target"].astype(bool)).fillna(False)
    f["implied_rate"], f["rate_pair"] = _implied_rates(f)
    f["unit_known"] = [unit_is_known(u if isinstance(u, str) else None) for u in f["unit"]]
    return f


def _implied_rates(f: pd.DataFrame) -> tuple[list[float | None], list[str | None]]:
    by_key = {
        (d, s): (v, u)
        for d, s, v, u in zip(f["doc_id"], f["start"], f["value"], f["unit"], strict=True)
    }
    rates: list[float | None] = []
    pairs: list[str | None] = []
    for d, eq, v, u in zip(f["doc_id"], f["equivalent_of"], f["value"], f["unit"], strict=True):
        rate = pair = None
        if pd.notna(eq) and (d, int(eq)) in by_key and u:
            ov, ou = by_key[(d, int(eq))]
            a, b = (ou or "").split(" per ")[0], u.split(" per ")[0]
            if (a, b) in RATE_BANDS and v:
                rate, pair = ov / v, f"{a}/{b}"
            elif (b, a) in RATE_BANDS and ov:
                rate, pair = v / ov, f"{b}/{a}"
        rates.append(rate)
        pairs.append(pair)
    return rates, pairs


def prepare_documents(documents: pd.DataFrame) -> pd.DataFrame:
    """The document frame plus what the document suite checks (row_id, a date check)."""
    f = documents.reset_index(drop=True)[
        ["doc_id", "text", "published_at", "published_at_source", "language", "fetched_at"]
    ].copy()
    f["row_id"] = range(len(f))
    f["char_count"] = f["text"].fillna("").str.len()
    published = pd.to_datetime(f["published_at"], errors="coerce")
    fetched = pd.to_datetime(f["fetched_at"], errors="coerce").fillna(pd.Timestamp.now())
    limit = fetched.dt.normalize() + pd.Timedelta(days=1)
    f["published_plausible"] = (
        published.notna() & (published >= pd.Timestamp(EARLIEST_PUBLICATION)) & (published <= limit)
    )
    return f.drop(columns=["text", "fetched_at"])


def _meta(name: str) -> dict[str, Any]:
    rule = RULE_BY_NAME[name]
    return {
        "severity": rule.severity,
        "meta": {"name": name, "severity": rule.severity, "description": rule.description},
    }


def _build_document_suite(gx: Any) -> Any:
    import great_expectations.expectations as gxe

    from transforms.models import DATE_SOURCES

    suite = gx.ExpectationSuite(name=DOCUMENT_SUITE_NAME)
    for e in (
        gxe.ExpectColumnValuesToBeBetween(
            column="char_count", min_value=1, **_meta("doc_text_not_empty")
        ),
        gxe.ExpectColumnValuesToBeUnique(column="doc_id", **_meta("doc_id_unique")),
        gxe.ExpectColumnValuesToBeInSet(
            column="published_plausible", value_set=[True], **_meta("doc_published_plausible")
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="language", value_set=["en", "zh"], **_meta("doc_language_known")
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="published_at_source",
            value_set=list(DATE_SOURCES),
            **_meta("doc_date_source_known"),
        ),
    ):
        suite.add_expectation(e)
    return suite


def _build_suite(gx: Any) -> Any:
    import great_expectations.expectations as gxe
    from great_expectations.expectations.row_conditions import Column

    meta = _meta

    suite = gx.ExpectationSuite(name=SUITE_NAME)
    expectations = [
        gxe.ExpectColumnValuesToNotBeNull(column="value", **meta("value_not_null")),
        gxe.ExpectColumnValuesToBeBetween(
            column="value", min_value=-1e300, max_value=1e300, **meta("value_finite")
        ),
        gxe.ExpectColumnValuesToBeBetween(  # nulls (no exact conversion) pass
            column="base_value", min_value=-1e300, max_value=1e300, **meta("base_value_finite")
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="unit_kind", value_set=list(UNIT_KINDS), **meta("unit_kind_known")
        ),
        gxe.ExpectColumnValuesToNotBeNull(column="bound", **meta("bound_known")),
        gxe.ExpectColumnValuesToBeInSet(
            column="bound", value_set=list(BOUNDS), **meta("bound_known")
        ),
        gxe.ExpectColumnValuesToNotBeNull(column="unit_kind", **meta("unit_kind_known")),
        gxe.ExpectColumnValuesToBeInSet(
            column="change", value_set=list(CHANGES), **meta("change_known")
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="unit_known",
            value_set=[True],
            row_condition=(Column("unit_kind") != "count") & (Column("unit_kind") != "number"),
            **meta("unit_known"),
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="value",
            min_value=0,
            max_value=100,
            row_condition=(Column("unit") == "percent") & Column("change").is_null(),
            **meta("share_within_0_100"),
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="value",
            min_value=0,
            row_condition=Column("unit_kind") == "count",
            **meta("count_non_negative"),
        ),
        gxe.ExpectColumnPairValuesToBeEqual(
            column_A="surface", column_B="text_span", **meta("surface_matches_text")
        ),
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["doc_id", "start", "end"], **meta("key_unique")
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="confidence", min_value=0, max_value=1, **meta("confidence_0_1")
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="high",
            column_B="low",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            **meta("range_ordered"),
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="period_after_publication",
            value_set=[False],
            **meta("period_not_after_publication"),
        ),
    ]
    for (a, b), (lo, hi) in RATE_BANDS.items():
        expectations.append(
            gxe.ExpectColumnValuesToBeBetween(
                column="implied_rate",
                min_value=lo,
                max_value=hi,
                row_condition=Column("rate_pair") == f"{a}/{b}",
                severity=WARNING,
                meta={**meta("exchange_rate_plausible")["meta"], "pair": f"{a}/{b}"},
            )
        )
    for e in expectations:
        suite.add_expectation(e)
    return suite


RESULT_FORMAT = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": ["row_id"],
    "return_unexpected_index_query": False,
    "exclude_unexpected_values": True,
}


@dataclass(frozen=True)
class _Suite:
    name: str
    asset: str
    build: Callable[[Any], Any]


_METRIC_SUITE = _Suite(SUITE_NAME, ASSET, lambda gx: _build_suite(gx))
_DOCUMENT_SUITE = _Suite(DOCUMENT_SUITE_NAME, DOCUMENT_ASSET, lambda gx: _build_document_suite(gx))


@dataclass
class GateResult:
    """The verdict on a batch: metric rows marked passed/failed, document rows flagged, and one
    summary per suite for quality.validation_runs."""

    frame: pd.DataFrame  # metric rows + passed, reasons, failed_expectations, quality_flags, suite
    summary: dict[str, Any]  # the metric suite's
    expectation_results: list[dict[str, Any]]
    documents: pd.DataFrame | None = None  # doc_id, quality_flags
    summaries: list[dict[str, Any]] = field(default_factory=list)  # every suite's

    def add_document_notes(self, notes: pd.DataFrame) -> None:
        """Add notes from earlier steps (e.g. the extraction time budget) to the document flags."""
        if self.documents is None or notes.empty:
            return
        extra = dict(zip(notes["doc_id"], notes["note"], strict=True))
        self.documents["quality_flags"] = [
            ";".join(f for f in (flags, extra.get(doc_id)) if f) or None
            for doc_id, flags in zip(
                self.documents["doc_id"], self.documents["quality_flags"], strict=True
            )
        ]


_SHARED_GATES: dict[tuple[str, bool, int], QualityGate] = {}


class QualityGate:
    """A GX file project under gx_dir holding the suites, results and Data Docs."""

    def __init__(self, gx_dir: Path | str, *, build_docs: bool = True):
        self.root = Path(gx_dir)
        # Workers validating many chunks leave Data Docs to one build at the end of the run.
        self.build_docs = build_docs
        self._context: Any = None
        self._checkpoints: dict[str, Any] = {}

    @classmethod
    def shared(cls, gx_dir: Path | str, *, build_docs: bool = True) -> QualityGate:
        """One gate per project folder and process: opening the GX project and preparing its
        checkpoints takes about a second, and a run validates many chunks and then re-checks
        what it loaded."""
        key = (str(Path(gx_dir).absolute()), build_docs, os.getpid())
        gate = _SHARED_GATES.get(key)
        if gate is None:
            gate = _SHARED_GATES[key] = cls(gx_dir, build_docs=build_docs)
        return gate

    def _open_context(self) -> Any:
        """The file project under root (created on first use), quiet and without analytics."""
        if self._context is None:
            os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig

            self.root.mkdir(parents=True, exist_ok=True)
            ctx = gx.get_context(mode="file", project_root_dir=str(self.root))
            pb = ctx.variables.progress_bars
            if pb is None or pb["globally"] or ctx.config.analytics_enabled is not False:
                ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
                ctx.enable_analytics(False)
            self._context = ctx
        return self._context

    def _setup(self) -> None:
        import great_expectations as gx

        self._open_context()
        self._checkpoints = {
            s.name: self._checkpoint(gx, s) for s in (_METRIC_SUITE, _DOCUMENT_SUITE)
        }

    def _checkpoint(self, gx: Any, spec: _Suite) -> Any:
        from great_expectations.checkpoint import UpdateDataDocsAction

        ctx = self._context
        ds = ctx.data_sources.all().get(DATASOURCE) or ctx.data_sources.add_pandas(name=DATASOURCE)
        names = ds.get_asset_names()
        asset = (
            ds.get_asset(spec.asset) if spec.asset in names else ds.add_dataframe_asset(spec.asset)
        )
        try:
            batch_def = asset.get_batch_definition(BATCH_DEF)
        except KeyError:
            batch_def = asset.add_batch_definition_whole_dataframe(BATCH_DEF)
        # Write the project's objects only when missing or changed: workers validating side by
        # side would otherwise invalidate each other's (GX checks they are fresh on every run).
        wanted = spec.build(gx)
        suite = _existing(ctx.suites, spec.name)
        if suite is None or _expectations(suite) != _expectations(wanted):
            suite = ctx.suites.add_or_update(wanted)
            vd = ctx.validation_definitions.add_or_update(
                gx.ValidationDefinition(name=f"{spec.name}_validation", data=batch_def, suite=suite)
            )
        else:
            vd = _existing(ctx.validation_definitions, f"{spec.name}_validation")
            if vd is None:
                vd = ctx.validation_definitions.add(
                    gx.ValidationDefinition(
                        name=f"{spec.name}_validation", data=batch_def, suite=suite
                    )
                )
        # with and without the Data Docs action: two checkpoints, so neither rewrites the other
        name = f"{spec.name}_checkpoint" + ("" if self.build_docs else "_without_docs")
        actions = [UpdateDataDocsAction(name="update_data_docs")] if self.build_docs else []
        checkpoint = _existing(ctx.checkpoints, name)
        if checkpoint is None or [v.name for v in checkpoint.validation_definitions] != [vd.name]:
            checkpoint = ctx.checkpoints.add_or_update(
                gx.Checkpoint(
                    name=name,
                    validation_definitions=[vd],
                    result_format=RESULT_FORMAT,
                    actions=actions,
                )
            )
        return checkpoint

    def build_data_docs(self, run_name: str | None = None) -> Path:
        """Render the Data Docs site from the stored validation results: with run_name, only
        that run's result pages and the index (a whole rebuild renders every kept result)."""
        with self._project_lock():
            self._open_context()
            self._prune()
            self._remove_orphan_pages()
            new = None
            if run_name is not None and self.data_docs_index.exists():
                store = self._context.validation_results_store
                new = [k for k in store.list_keys() if k.run_id.run_name == run_name]
            self._context.build_data_docs(resource_identifiers=new)
        return self.data_docs_index

    def _remove_orphan_pages(self) -> None:
        """Pages of results that were pruned from the store (GX leaves them on disk)."""
        uncommitted = self.root / "gx" / "uncommitted"
        pages = self.data_docs_index.parent / "validations"
        if not pages.is_dir():
            return
        for page in pages.rglob("*.html"):
            rel = page.relative_to(pages).with_suffix(".json")
            if not (uncommitted / "validations" / rel).exists():
                page.unlink()
        for folder in sorted(pages.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()

    @property
    def data_docs_index(self) -> Path:
        return self.root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"

    @contextmanager
    def _project_lock(self) -> Iterator[None]:
        """One process at a time in the GX project: its file stores are not safe to share."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".ruralpulse.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def validate(
        self, frame: pd.DataFrame, run_id: str, documents: pd.DataFrame | None = None
    ) -> GateResult:
        """Run the metric suite on a prepared frame (see prepare_frame) and mark every row;
        with `documents` (see prepare_documents), run the document suite too."""
        # One process at a time runs a checkpoint: GX re-saves project objects as it runs, and a
        # process holding an older copy would fail its freshness check.
        with self._project_lock():
            if not self._checkpoints:  # set up once per gate: a worker validates many chunks
                self._setup()
            else:  # re-read what another process may have saved since
                self._checkpoints = {
                    name: self._context.checkpoints.get(cp.name)
                    for name, cp in self._checkpoints.items()
                }
            df = frame.reset_index(drop=True)
            by_row, per_expectation, success = self._run(_METRIC_SUITE, df, run_id)
            result = self._verdict(df, by_row, per_expectation, success)
            result.summaries.append(result.summary)
            if documents is not None:
                docs = documents.reset_index(drop=True)
                d_rows, d_expectations, d_success = self._run(_DOCUMENT_SUITE, docs, run_id)
                flags = [";".join(sorted(d_rows.get(int(r), ()))) or None for r in docs["row_id"]]
                result.documents = pd.DataFrame({"doc_id": docs["doc_id"], "quality_flags": flags})
                result.summaries.append(
                    self._summary(
                        DOCUMENT_SUITE_NAME,
                        d_success,
                        len(docs),
                        0,
                        sum(f is not None for f in flags),
                        d_expectations,
                    )
                )
            if self.build_docs:
                self._prune()
            return result

    def _run(
        self, spec: _Suite, df: pd.DataFrame, run_id: str
    ) -> tuple[dict[int, set[str]], list[dict[str, Any]], bool]:
        from great_expectations.core.run_identifier import RunIdentifier

        result = self._checkpoints[spec.name].run(
            batch_parameters={"dataframe": df}, run_id=RunIdentifier(run_name=run_id)
        )
        suite_result = next(iter(result.run_results.values()))
        by_row: dict[int, set[str]] = defaultdict(set)
        per_expectation = []
        for r in suite_result.results:
            cfg = r.expectation_config
            name = cfg.meta.get("name", cfg.type)
            err = _exception_message(r)
            if err is not None:
                raise RuntimeError(f"expectation {name} could not be evaluated: {err}")
            ids: list[int] = []
            for item in r.result.get("unexpected_index_list") or []:
                v = item["row_id"]
                ids.extend(v if isinstance(v, list) else [v])
            if not r.success and not ids:
                raise RuntimeError(f"expectation {name} failed without naming rows: {r.result}")
            for rid in ids:
                by_row[int(rid)].add(name)
            per_expectation.append(
                {
                    "expectation": name,
                    "severity": RULE_BY_NAME[name].severity,
                    "success": bool(r.success),
                    "failed_rows": len(set(ids)),
                }
            )
        return by_row, per_expectation, bool(suite_result.success)

    def _summary(
        self,
        suite: str,
        success: bool,
        rows: int,
        failed: int,
        flagged: int,
        per_expectation: list[dict[str, Any]],
    ) -> dict[str, Any]:
        return {
            "suite": suite,
            "validated_at": dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0),
            "success": success,
            "rows_checked": rows,
            "rows_failed_critical": failed,
            "rows_flagged": flagged,
            "expectations": len(per_expectation),
            "expectations_failed": sum(1 for e in per_expectation if not e["success"]),
            "data_docs": str(self.data_docs_index),
        }

    def _verdict(
        self,
        df: pd.DataFrame,
        by_row: dict[int, set[str]],
        per_expectation: list[dict[str, Any]],
        success: bool,
    ) -> GateResult:
        failed_critical, flags, reasons, passed = [], [], [], []
        for rid in df["row_id"]:
            names = sorted(by_row.get(int(rid), ()))
            crit = [n for n in names if RULE_BY_NAME[n].severity == CRITICAL]
            warn = [n for n in names if RULE_BY_NAME[n].severity == WARNING]
            failed_critical.append(";".join(crit) if crit else None)
            flags.append(";".join(warn) if warn else None)
            reasons.append("; ".join(RULE_BY_NAME[n].description for n in crit) if crit else None)
            passed.append(not crit)
        out = df.assign(
            passed=passed,
            failed_expectations=failed_critical,
            quality_flags=flags,
            reasons=reasons,
            suite=SUITE_NAME,
        )
        summary = self._summary(
            SUITE_NAME,
            success,
            len(df),
            int((~out["passed"]).sum()),
            int(out["quality_flags"].notna().sum()),
            per_expectation,
        )
        return GateResult(out, summary, per_expectation)

    def _prune(self) -> None:
        """Validation results accumulate per run; keep the newest KEEP_RESULTS per suite."""
        store = self._context.validation_results_store
        keys = sorted(store.list_keys(), key=lambda k: str(k.run_id.run_time))
        by_suite: dict[str, list[Any]] = defaultdict(list)
        for key in keys:
            by_suite[str(key.expectation_suite_identifier)].append(key)
        for suite_keys in by_suite.values():
            for key in suite_keys[:-KEEP_RESULTS]:
                store.remove_key(key)


def _existing(factory: Any, name: str) -> Any:
    """A named suite, validation definition or checkpoint of the project, or None."""
    try:
        return factory.get(name)
    except Exception:  # GX raises several not-found types across factories
        return None


def _expectations(suite: Any) -> list[str]:
    """What a suite checks, without GX's ids: equal lists mean the same suite."""
    out = []
    for e in suite.expectations:
        cfg = e.configuration.to_json_dict()
        cfg.pop("id", None)
        out.append(json.dumps(cfg, sort_keys=True, default=str))
    return sorted(out)


def _exception_message(r: Any) -> str | None:
    info = r.exception_info or {}
    infos = [info, *[v for v in info.values() if isinstance(v, dict)]]
    return next((i.get("exception_message") for i in infos if i.get("raised_exception")), None)
