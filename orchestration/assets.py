"""Dagster assets: thin wrappers that call sources/, transforms/ and warehouse/.

ingest/* and extract/, validate/ hold the batch in flight (Dagster's IO manager
keeps them between steps); warehouse/load.py then writes raw, staging, core and
quality in one DuckDB transaction, so a failed run leaves the warehouse as it was.
"""

import datetime as dt
from pathlib import Path

import pandas as pd
from dagster import (
    AssetExecutionContext,
    AssetIn,
    AssetKey,
    AssetOut,
    AssetSpec,
    Backoff,
    Config,
    FreshnessPolicy,
    MaterializeResult,
    MetadataValue,
    Output,
    RetryPolicy,
    TableColumn,
    TableSchema,
    asset,
    multi_asset,
)

from orchestration.resources import InboxResource, QualityResource, WarehouseResource
from sources.inbox import read_inbox
from transforms.extract import EXTRACTOR_VERSION, ExtractionReport, extract_metrics
from transforms.linking import default_linker, indicator_catalog
from transforms.models import Document
from transforms.pairings import extract_pairings
from warehouse import frames, load, queries, reference
from warehouse.db import sql_file
from warehouse.quality import GateResult

WRITER_POOL = "duckdb_writer"
# A document's extraction stops past this budget and the document is flagged; work per
# sentence is bounded, so only documents of several megabytes of figures come near it.
DOCUMENT_TIME_BUDGET_S = 60.0
# The marts are rebuilt by the daily 06:00 (Asia/Shanghai) run: one not updated in the 24 hours
# by 07:00 means a run was missed or failed.
MART_FRESHNESS = FreshnessPolicy.cron(
    deadline_cron="0 7 * * *", lower_bound_delta=dt.timedelta(hours=24), timezone="Asia/Shanghai"
)
OWNER = "team:data-engineering"
LOCK_RETRY = RetryPolicy(max_retries=3, delay=2, backoff=Backoff.EXPONENTIAL)

DOCUMENTS = AssetKey(["ingest", "documents"])
INGEST_ERRORS = AssetKey(["ingest", "errors"])
INGEST_MISSING = AssetKey(["ingest", "missing"])
EXTRACTED = AssetKey(["extract", "metrics"])
VALIDATED = AssetKey(["validate", "metrics"])
RAW_DOCUMENTS = AssetKey(["raw", "documents"])
RAW_ERRORS = AssetKey(["raw", "ingest_errors"])
STG_CANDIDATES = AssetKey(["staging", "metric_candidates"])
DIM_DOCUMENT = AssetKey(["core", "dim_document"])
FCT_METRIC = AssetKey(["core", "fct_metric"])
QUARANTINE = AssetKey(["quality", "quarantine"])
VALIDATION_RUNS = AssetKey(["quality", "validation_runs"])
LOAD_BATCHES = AssetKey(["quality", "load_batches"])
DIM_REGION = AssetKey(["core", "dim_region"])
DIM_INDICATOR = AssetKey(["core", "dim_indicator"])
MART_LATEST = AssetKey(["marts", "latest_indicator_value"])
MART_SERIES = AssetKey(["marts", "indicator_time_series"])
MART_EWC = AssetKey(["marts", "east_west_cooperation"])
PAIRINGS = AssetKey(["extract", "pairings"])
FCT_PAIRING = AssetKey(["core", "fct_pairing"])

PREVIEW_COLUMNS = (
    "surface",
    "value",
    "unit",
    "bound",
    "is_target",
    "period_label",
    "region_code",
    "indicator_id",
)


def _table_schema(con, key: AssetKey) -> MetadataValue:
    """The column schema of the DuckDB table behind an asset, read from the catalog."""
    return _schema(*queries.table_columns(con, ".".join(key.path)))


def _schema(*cols: tuple[str, str, str]) -> MetadataValue:
    return MetadataValue.table_schema(
        TableSchema(columns=[TableColumn(n, t, description=d) for n, t, d in cols])
    )


METRIC_SCHEMA = _schema(
    ("doc_id", "varchar", "sha256 of the document text"),
    ("start", "integer", "offset of the figure"),
    ("end", "integer", "end offset (exclusive)"),
    ("surface", "varchar", "text[start:end]"),
    ("value", "double", "number after scale words"),
    ("unit", "varchar", "canonical unit"),
    ("unit_kind", "varchar", "currency, ratio, count, ..."),
    ("bound", "varchar", "exact/approximate/lower/upper"),
    ("is_target", "boolean", "a goal"),
    ("period_label", "varchar", "time phrase"),
    ("region_code", "varchar", "GB/T 2260 or group"),
    ("indicator_id", "varchar", "catalog indicator or unclassified"),
)


class RunOptions(Config):
    """Run-time options of the ingest step."""

    full_refresh: bool = False
    purge_missing: bool = False


@multi_asset(
    outs={
        "documents": AssetOut(
            key=DOCUMENTS,
            group_name="ingest",
            kinds={"pandas"},
            description="Documents read from the inbox as clean text with "
            "metadata (plus every stored document on a full refresh).",
            owners=[OWNER],
        ),
        "errors": AssetOut(
            key=INGEST_ERRORS,
            group_name="ingest",
            kinds={"pandas"},
            description="Files that could not become documents, with the reason.",
            owners=[OWNER],
        ),
        "missing": AssetOut(
            key=INGEST_MISSING,
            group_name="ingest",
            kinds={"pandas"},
            description="Documents in the warehouse whose files have left the inbox; their rows "
            "are kept unless the run was asked to purge them (--purge-missing).",
            owners=[OWNER],
        ),
    },
    code_version=EXTRACTOR_VERSION,
)
def ingest_inbox(
    context: AssetExecutionContext,
    config: RunOptions,
    inbox: InboxResource,
    warehouse: WarehouseResource,
):
    """Read the configured inbox folders; one bad file is an error row, never a failed run."""
    batch = read_inbox(inbox.paths, source=inbox.source_name, max_bytes=inbox.max_bytes)
    docs = batch.documents
    origins = ["inbox"] * len(docs)
    if not config.full_refresh:
        # incremental: a file already loaded with this text and this extractor is not redone
        loaded = _loaded_versions(warehouse)
        origins = [
            "unchanged" if loaded.get((d.doc_id, d.source_uri)) == EXTRACTOR_VERSION else "inbox"
            for d in docs
        ]
    if config.full_refresh:
        seen = {d.doc_id for d in docs}
        with warehouse.connect(read_only=True) as con:
            stored = [d for d in queries.stored_documents(con) if d.doc_id not in seen]
        context.log.info(f"full refresh: re-extracting {len(stored)} stored documents as well")
        docs = docs + stored
        origins = origins + ["stored"] * len(stored)
    doc_frame = frames.documents_frame(docs)
    doc_frame["origin"] = origins
    err_frame = frames.errors_frame(batch.errors)
    missing = pd.DataFrame({"doc_id": pd.Series(dtype=str), "source_uri": pd.Series(dtype=str)})
    if config.purge_missing:
        with warehouse.connect(read_only=True) as con:
            missing = queries.missing_documents(con, inbox.paths)
        context.log.info(f"purge: {len(missing)} documents whose files are gone")
    unchanged = origins.count("unchanged")
    context.log.info(
        f"ingest: {batch.files_seen} files, {len(docs) - unchanged} new or changed documents, "
        f"{unchanged} unchanged, {len(batch.errors)} errors"
    )
    yield Output(
        doc_frame,
        output_name="documents",
        metadata={
            "files_seen": batch.files_seen,
            "row_count": len(doc_frame),
            "unchanged": unchanged,
            "inbox": MetadataValue.json(list(inbox.paths)),
            "preview": MetadataValue.md(
                frames.markdown_preview(
                    doc_frame,
                    ["title", "published_at", "published_at_source", "language", "source_uri"],
                )
            ),
        },
    )
    yield Output(
        err_frame,
        output_name="errors",
        metadata={
            "row_count": len(err_frame),
            "preview": MetadataValue.md(
                frames.markdown_preview(err_frame, ["source_uri", "error"])
            ),
        },
    )
    yield Output(
        missing,
        output_name="missing",
        metadata={"row_count": len(missing), "purge": config.purge_missing},
    )


def _loaded_versions(warehouse: WarehouseResource) -> dict[tuple[str, str], str]:
    """(doc_id, source_uri) -> extractor version of everything loaded so far (none yet: {})."""
    if not Path(warehouse.db_path).exists():
        return {}
    with warehouse.connect(read_only=True) as con:
        return queries.loaded_versions(con)


def _changed(frame: pd.DataFrame) -> pd.DataFrame:
    """The documents this run (re)processes: new or changed files, and stored ones on refresh."""
    return frame[frame["origin"] != "unchanged"].reset_index(drop=True)


def _documents(frame: pd.DataFrame) -> list[Document]:
    docs = []
    for rec in _changed(frame).to_dict("records"):
        rec.pop("origin", None)
        rec = {k: (None if isinstance(v, float) and pd.isna(v) else v) for k, v in rec.items()}
        if rec.get("fetched_at") is not None:
            rec["fetched_at"] = pd.Timestamp(rec["fetched_at"]).to_pydatetime()
        docs.append(Document(**rec))
    return docs


@asset(
    key=EXTRACTED,
    group_name="extract",
    kinds={"pandas"},
    owners=[OWNER],
    ins={"documents": AssetIn(DOCUMENTS)},
    deps=[DIM_REGION, DIM_INDICATOR],
    code_version=EXTRACTOR_VERSION,
    description="Every figure the English grammar reads from the documents, with unit, bound, "
    "period, target flag, region and indicator (transforms.extract_metrics).",
)
def extracted_metrics(
    context: AssetExecutionContext, documents: pd.DataFrame
) -> Output[frames.ExtractedBatch]:
    linker = default_linker()
    metrics, notes = [], []
    for doc in _documents(documents):
        report = ExtractionReport()
        metrics.extend(
            extract_metrics(doc, linker=linker, time_budget_s=DOCUMENT_TIME_BUDGET_S, report=report)
        )
        if report.note:
            context.log.warning(f"{doc.source_uri}: {report.note}")
            notes.append({"doc_id": doc.doc_id, "note": report.note})
    frame = frames.metrics_frame(metrics)
    context.log.info(f"extract: {len(frame)} metrics from {len(documents)} documents")
    batch = frames.ExtractedBatch(frame, pd.DataFrame(notes, columns=["doc_id", "note"]))
    return Output(
        batch,
        metadata={
            "documents_over_time_budget": len(notes),
            "row_count": len(frame),
            "documents": len(documents),
            "extractor_version": EXTRACTOR_VERSION,
            "unclassified": int((frame["indicator_id"] == "unclassified").sum())
            if len(frame)
            else 0,
            "preview": MetadataValue.md(frames.markdown_preview(frame, PREVIEW_COLUMNS)),
            "dagster/column_schema": METRIC_SCHEMA,
        },
    )


@asset(
    key=VALIDATED,
    group_name="validate",
    kinds={"pandas", "great_expectations"},
    owners=[OWNER],
    ins={"metrics": AssetIn(EXTRACTED), "documents": AssetIn(DOCUMENTS)},
    code_version=EXTRACTOR_VERSION,
    description="The metric frame after the Great Expectations suite: each row marked passed "
    "or failed with every failed expectation; Data Docs rebuilt under data/gx.",
)
def validated_metrics(
    context: AssetExecutionContext,
    metrics: frames.ExtractedBatch,
    documents: pd.DataFrame,
    quality: QualityResource,
) -> Output[GateResult]:
    from warehouse.quality import (  # GX is imported only here
        QualityGate,
        prepare_documents,
        prepare_frame,
    )

    documents = _changed(documents)
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    published = dict(zip(documents["doc_id"], documents["published_at"], strict=True))
    gate = QualityGate(quality.gx_dir)
    result = gate.validate(
        prepare_frame(metrics.metrics, texts, published),
        context.run_id,
        prepare_documents(documents),
    )
    result.add_document_notes(metrics.notes)
    frame = result.frame
    summary = result.summary
    context.log.info(
        f"validate: {summary['rows_checked']} rows, "
        f"{summary['rows_failed_critical']} to quarantine, {summary['rows_flagged']} flagged"
    )
    return Output(
        result,
        metadata={
            "row_count": len(frame),
            "rows_failed_critical": summary["rows_failed_critical"],
            "rows_flagged": summary["rows_flagged"],
            "expectations": MetadataValue.json(result.expectation_results),
            "validation_summary": MetadataValue.json({k: str(v) for k, v in summary.items()}),
            "data_docs": MetadataValue.path(summary["data_docs"]),
        },
    )


@asset(
    key=PAIRINGS,
    group_name="extract",
    kinds={"pandas"},
    owners=[OWNER],
    ins={"documents": AssetIn(DOCUMENTS)},
    deps=[DIM_REGION],
    code_version=EXTRACTOR_VERSION,
    description="Stated partnerships between regions (supporter -> supported) with the span "
    "that states them (transforms.pairings).",
)
def extracted_pairings(
    context: AssetExecutionContext, documents: pd.DataFrame
) -> Output[pd.DataFrame]:
    pairings = [p for doc in _documents(documents) for p in extract_pairings(doc)]
    frame = frames.pairings_frame(pairings)
    context.log.info(f"extract: {len(frame)} stated partnerships")
    return Output(
        frame,
        metadata={
            "row_count": len(frame),
            "preview": MetadataValue.md(
                frames.markdown_preview(
                    frame, ["supporter_region_code", "supported_region_code", "cue", "surface"]
                )
            ),
        },
    )


def _table_spec(
    key: AssetKey,
    deps: list[AssetKey],
    description: str,
    kinds: frozenset[str] | set[str] = frozenset({"duckdb"}),
    metadata: dict | None = None,
) -> AssetSpec:
    """A warehouse table written by the load step; its group is its schema."""
    return AssetSpec(
        key,
        group_name=key.path[0],
        kinds=set(kinds),
        deps=deps,
        owners=[OWNER],
        description=description,
        metadata=metadata,
    )


_LOAD_SPECS = [
    _table_spec(
        RAW_DOCUMENTS,
        [DOCUMENTS, INGEST_MISSING],
        "Documents as ingested (replaced per document; purged on request when their "
        "files are gone).",
    ),
    _table_spec(RAW_ERRORS, [INGEST_ERRORS], "Ingest errors: the latest verdict per file."),
    _table_spec(STG_CANDIDATES, [VALIDATED], "Every extracted metric with its quality verdict."),
    _table_spec(DIM_DOCUMENT, [DOCUMENTS, VALIDATED], "Loaded documents with metric counts."),
    _table_spec(
        FCT_METRIC,
        [VALIDATED],
        "Metrics that passed the quality gate.",
        metadata={"dagster/column_schema": METRIC_SCHEMA},
    ),
    _table_spec(
        FCT_PAIRING, [PAIRINGS], "Stated partnerships between regions, replaced per document."
    ),
    _table_spec(
        QUARANTINE, [VALIDATED], "Metrics that failed a critical expectation, with reasons."
    ),
    _table_spec(
        VALIDATION_RUNS,
        [VALIDATED],
        "One row per run and suite.",
        kinds={"duckdb", "great_expectations"},
    ),
    _table_spec(
        LOAD_BATCHES,
        [DOCUMENTS, INGEST_ERRORS, VALIDATED],
        "Accounting per load: extracted = loaded + quarantined, checked.",
    ),
]


def _load_results(
    context: AssetExecutionContext,
    documents: pd.DataFrame,
    errors: pd.DataFrame,
    validated: GateResult,
    pairings: pd.DataFrame,
    missing: pd.DataFrame,
    warehouse: WarehouseResource,
):
    """One transaction: raw, staging, core and quality rows of this batch, or nothing."""
    files_seen = int(documents["origin"].isin(["inbox", "unchanged"]).sum()) + len(errors)
    documents = _changed(documents)
    validation = pd.DataFrame(validated.summaries)
    document_flags = validated.documents
    validated = validated.frame
    with warehouse.connect() as con:
        result = load.load_batch(
            con,
            run_id=context.run_id,
            documents=documents,
            errors=errors,
            candidates=validated,
            validation=validation,
            files_seen=files_seen,
            extractor_version=EXTRACTOR_VERSION,
            pairings=pairings,
            document_flags=document_flags,
            purge=missing,
        )
        totals = queries.summary(con)
    context.log.info(
        f"load: {result.documents} documents, {result.metrics_loaded} metrics, "
        f"{result.metrics_quarantined} quarantined, {result.ingest_errors} errors"
    )
    passed = validated[validated["passed"]] if len(validated) else validated
    failed = validated[~validated["passed"]] if len(validated) else validated
    yield MaterializeResult(
        asset_key=RAW_DOCUMENTS,
        metadata={"batch_rows": result.documents, "table_rows": totals["documents"]},
    )
    yield MaterializeResult(
        asset_key=RAW_ERRORS,
        metadata={
            "batch_rows": result.ingest_errors,
            "table_rows": totals["ingest_errors"],
            "preview": MetadataValue.md(frames.markdown_preview(errors, ["source_uri", "error"])),
        },
    )
    yield MaterializeResult(asset_key=STG_CANDIDATES, metadata={"batch_rows": len(validated)})
    yield MaterializeResult(
        asset_key=FCT_PAIRING,
        metadata={
            "batch_rows": len(pairings),
            "preview": MetadataValue.md(
                frames.markdown_preview(
                    pairings, ["supporter_region_code", "supported_region_code", "surface"]
                )
            ),
        },
    )
    yield MaterializeResult(asset_key=DIM_DOCUMENT, metadata={"batch_rows": result.documents})
    yield MaterializeResult(
        asset_key=FCT_METRIC,
        metadata={
            "batch_rows": result.metrics_loaded,
            "table_rows": totals["metrics"],
            "quarantined": result.metrics_quarantined,
            "preview": MetadataValue.md(frames.markdown_preview(passed, PREVIEW_COLUMNS)),
        },
    )
    yield MaterializeResult(
        asset_key=QUARANTINE,
        metadata={
            "batch_rows": result.metrics_quarantined,
            "table_rows": totals["quarantined"],
            "preview": MetadataValue.md(frames.markdown_preview(failed, ["surface", "reasons"])),
        },
    )
    yield MaterializeResult(asset_key=VALIDATION_RUNS, metadata={"suite_rows": len(validation)})
    yield MaterializeResult(
        asset_key=LOAD_BATCHES,
        metadata={
            "extracted": result.metrics_extracted,
            "loaded": result.metrics_loaded,
            "quarantined": result.metrics_quarantined,
        },
    )


@multi_asset(
    specs=_LOAD_SPECS,
    ins={
        "documents": AssetIn(DOCUMENTS),
        "errors": AssetIn(INGEST_ERRORS),
        "validated": AssetIn(VALIDATED),
        "pairings": AssetIn(PAIRINGS),
        "missing": AssetIn(INGEST_MISSING),
    },
    pool=WRITER_POOL,
    retry_policy=LOCK_RETRY,
    code_version=EXTRACTOR_VERSION,
)
def load_warehouse(
    context: AssetExecutionContext,
    documents: pd.DataFrame,
    errors: pd.DataFrame,
    validated: GateResult,
    pairings: pd.DataFrame,
    missing: pd.DataFrame,
    warehouse: WarehouseResource,
):
    """One transaction: raw, staging, core and quality rows of this batch, or nothing."""
    results = list(
        _load_results(context, documents, errors, validated, pairings, missing, warehouse)
    )
    with warehouse.connect(read_only=True) as con:
        for result in results:
            schema = _table_schema(con, result.asset_key)
            yield MaterializeResult(
                asset_key=result.asset_key,
                metadata={**(result.metadata or {}), "dagster/column_schema": schema},
            )


@asset(
    key=DIM_REGION,
    group_name="reference",
    kinds={"duckdb"},
    owners=[OWNER],
    pool=WRITER_POOL,
    retry_policy=LOCK_RETRY,
    code_version=reference.REFERENCE_VERSION,
    description="Administrative divisions (GB/T 2260, 2024) and macro groups, from "
    "transforms/reference/regions.csv and region_groups.csv.",
)
def dim_region(warehouse: WarehouseResource) -> MaterializeResult:
    frame = reference.regions_frame()
    with warehouse.connect() as con:
        n = load.replace_reference(con, "core.dim_region", frame)
        schema = _table_schema(con, DIM_REGION)
    return MaterializeResult(
        metadata={
            "row_count": n,
            "dagster/column_schema": schema,
            "by_level": MetadataValue.json(frame["level"].value_counts().to_dict()),
            "preview": MetadataValue.md(
                frames.markdown_preview(frame, ["region_code", "level", "name_en", "name_zh"])
            ),
        }
    )


@asset(
    key=DIM_INDICATOR,
    group_name="reference",
    kinds={"duckdb"},
    owners=[OWNER],
    pool=WRITER_POOL,
    retry_policy=LOCK_RETRY,
    code_version=reference.REFERENCE_VERSION,
    description="The indicator catalog from transforms/reference/indicators.yaml.",
)
def dim_indicator(warehouse: WarehouseResource) -> MaterializeResult:
    frame = reference.indicators_frame(indicator_catalog())
    with warehouse.connect() as con:
        n = load.replace_reference(con, "core.dim_indicator", frame)
        schema = _table_schema(con, DIM_INDICATOR)
    return MaterializeResult(
        metadata={
            "row_count": n,
            "dagster/column_schema": schema,
            "preview": MetadataValue.md(
                frames.markdown_preview(frame, ["indicator_id", "name", "unit_kind"])
            ),
        }
    )


def _refresh_mart(warehouse: WarehouseResource, key: AssetKey, sql_name: str) -> MaterializeResult:
    table = ".".join(key.path)
    with warehouse.connect() as con:
        n = load.refresh_mart(con, sql_file(sql_name), table)
        preview = con.execute(load.PREVIEW_SQL[table]).df()
        schema = _table_schema(con, key)
    return MaterializeResult(
        metadata={
            "row_count": n,
            "dagster/column_schema": schema,
            "preview": MetadataValue.md(
                frames.markdown_preview(preview, list(preview.columns)[:8])
            ),
        }
    )


_MART_DEPS = [FCT_METRIC, DIM_DOCUMENT, DIM_INDICATOR, DIM_REGION]


def _mart(key: AssetKey, sql_name: str, description: str, extra_deps: tuple[AssetKey, ...] = ()):
    """A mart: a table rebuilt from its .sql file after every load."""

    @asset(
        key=key,
        group_name="marts",
        freshness_policy=MART_FRESHNESS,
        kinds={"duckdb"},
        owners=[OWNER],
        pool=WRITER_POOL,
        retry_policy=LOCK_RETRY,
        deps=[*_MART_DEPS, *extra_deps],
        description=description,
    )
    def _build(warehouse: WarehouseResource) -> MaterializeResult:
        return _refresh_mart(warehouse, key, sql_name)

    return _build


latest_indicator_value = _mart(
    MART_LATEST,
    "marts/latest_indicator_value.sql",
    "Latest achieved value per indicator, region, unit and change kind.",
)
indicator_time_series = _mart(
    MART_SERIES,
    "marts/indicator_time_series.sql",
    "Achieved values of each indicator over time, across documents.",
)
east_west_cooperation = _mart(
    MART_EWC,
    "marts/east_west_cooperation.sql",
    "East-west cooperation by pair: stated partnerships with their latest figures.",
    (FCT_PAIRING,),
)


ALL_ASSETS = [
    ingest_inbox,
    extracted_metrics,
    extracted_pairings,
    east_west_cooperation,
    validated_metrics,
    load_warehouse,
    dim_region,
    dim_indicator,
    latest_indicator_value,
    indicator_time_series,
]
