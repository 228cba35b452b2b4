"""Dagster assets: thin wrappers that call sources/, transforms/ and warehouse/.

ingest/* and extract/, validate/ hold the batch in flight (Dagster's IO manager
keeps them between steps); warehouse/load.py then writes raw, staging, core and
quality in one DuckDB transaction, so a failed run leaves the warehouse as it was.
"""

import datetime as dt
import os
from dataclasses import dataclass
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
    DynamicOut,
    DynamicOutput,
    FreshnessPolicy,
    In,
    MaterializeResult,
    MetadataValue,
    Nothing,
    OpExecutionContext,
    Out,
    Output,
    RetryPolicy,
    TableColumn,
    TableSchema,
    graph_multi_asset,
    multi_asset,
    op,
)

from orchestration.checks import LOAD_CHECK_SPECS, load_checks
from orchestration.keys import (
    DIM_DOCUMENT,
    DIM_INDICATOR,
    DIM_REGION,
    DOCUMENTS,
    EXTRACTED,
    FCT_METRIC,
    FCT_PAIRING,
    INGEST_ERRORS,
    INGEST_MISSING,
    LOAD_BATCHES,
    MART_EWC,
    MART_LATEST,
    MART_SERIES,
    PAIRINGS,
    QUARANTINE,
    RAW_DOCUMENTS,
    RAW_ERRORS,
    STG_CANDIDATES,
    VALIDATED,
    VALIDATION_RUNS,
)
from orchestration.resources import InboxResource, QualityResource, WarehouseResource
from sources.inbox import list_inbox
from sources.plan import LoadedFile, WorkItem, chunks, plan_work, shard_of, split_shards
from transforms.extract import EXTRACTOR_VERSION, reading_version
from transforms.linking import indicator_catalog
from warehouse import frames, load, queries, reference
from warehouse.batches import stage_chunk
from warehouse.mart_refresh import MART_PREVIEW_SQL, mart_rows, refresh_marts
from warehouse.staging import (
    STAGED_TABLES,
    VALIDATION_COLUMNS,
    ChunkResult,
    StagedRun,
    chunk_folder,
    remove_run,
    write_tables,
)

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
    """Run-time options of the planning step."""

    full_refresh: bool = False
    purge_missing: bool = False
    # Shards are the unit of parallel work: one step each, run side by side by the
    # multiprocess executor (or by Celery / Kubernetes workers). 0: one per CPU.
    shards: int = 0
    # Documents per chunk inside a shard: the bound on a worker's memory (validating a chunk of
    # 4,000 dense documents, 124,000 metrics, took a worker to 900 MB; two side by side brought
    # a 100,000-document full refresh to 1.98 GB).
    chunk_documents: int = 2000


@dataclass
class Shard:
    """The files (and, on a full refresh, stored documents) one worker stages."""

    name: str
    run_folder: str
    items: list[WorkItem]
    stored_doc_ids: list[str]
    chunk_documents: int


@dataclass
class InboxPlan:
    """What the planning step decided, for the collect step and the loader."""

    run_folder: str
    files_seen: int
    unchanged_on_stat: int
    listing_errors: list
    missing: pd.DataFrame


@op(
    ins={"regions": In(Nothing), "indicators": In(Nothing)},
    out={"shards": DynamicOut(Shard), "plan": Out(InboxPlan)},
    code_version=EXTRACTOR_VERSION,
    description="List the inbox (stat only), skip files loaded as they are, split the rest "
    "into shards.",
)
def plan_inbox(
    context: OpExecutionContext,
    config: RunOptions,
    inbox: InboxResource,
    warehouse: WarehouseResource,
):
    files, listing_errors = list_inbox(inbox.paths, source=inbox.source_name)
    loaded = _loaded_files(warehouse)
    work = plan_work(files, loaded, reading_version(), full_refresh=config.full_refresh)
    stored: list[str] = []
    if config.full_refresh:
        # documents whose files are not in this inbox are re-extracted from the warehouse
        listed = {f.uri for f in files}
        stored = sorted({f.doc_id for uri, f in loaded.items() if uri not in listed})
        context.log.info(f"full refresh: re-extracting {len(stored)} stored documents as well")
    missing = pd.DataFrame({"doc_id": pd.Series(dtype=str), "source_uri": pd.Series(dtype=str)})
    if config.purge_missing:
        with warehouse.connect(read_only=True) as con:
            missing = queries.missing_documents(con, inbox.paths)
        context.log.info(f"purge: {len(missing)} documents whose files are gone")
    n_shards = config.shards or os.cpu_count() or 1
    run_folder = Path(inbox.staging_dir) / context.run_id
    _remove_abandoned_staging(context, Path(inbox.staging_dir))
    by_shard = split_shards(work.todo, n_shards)
    stored_by_shard: list[list[str]] = [[] for _ in by_shard]
    for doc_id in stored:
        stored_by_shard[shard_of(doc_id, len(by_shard))].append(doc_id)
    context.log.info(
        f"plan: {work.files_seen} files, {work.unchanged} unchanged, {len(work.todo)} to read "
        f"in {n_shards} shards"
    )
    for i, (items, doc_ids) in enumerate(zip(by_shard, stored_by_shard, strict=True)):
        # shard 0 always runs, so a run with nothing to read still loads its errors and books
        # its accounting
        if items or doc_ids or i == 0:
            yield DynamicOutput(
                Shard(f"s{i:03d}", str(run_folder), items, doc_ids, config.chunk_documents),
                output_name="shards",
                mapping_key=f"s{i:03d}",
            )
    yield Output(
        InboxPlan(str(run_folder), work.files_seen, work.unchanged, listing_errors, missing),
        output_name="plan",
    )


def _remove_abandoned_staging(context: OpExecutionContext, staging: Path) -> None:
    """Staged folders of runs that are over (failed or killed before loading) are scratch."""
    if not staging.is_dir():
        return
    for folder in staging.iterdir():
        run = context.instance.get_run_by_id(folder.name)
        if folder.name != context.run_id and (run is None or run.is_finished):
            remove_run(folder)
            context.log.info(f"removed staged files of finished run {folder.name[:8]}")


def _loaded_files(warehouse: WarehouseResource) -> dict[str, LoadedFile]:
    """The warehouse's manifest of loaded files (none yet: {})."""
    if not Path(warehouse.db_path).exists():
        return {}
    with warehouse.connect(read_only=True) as con:
        return queries.loaded_files(con)


@op(
    code_version=EXTRACTOR_VERSION,
    retry_policy=RetryPolicy(max_retries=1),
    description="Read, extract and validate one shard chunk by chunk; stage Parquet.",
)
def stage_shard(
    context: OpExecutionContext,
    shard: Shard,
    inbox: InboxResource,
    warehouse: WarehouseResource,
    quality: QualityResource,
) -> list[ChunkResult]:
    from warehouse.quality import QualityGate, prepare_documents, prepare_frame

    gate = QualityGate.shared(quality.gx_dir, build_docs=False)

    def validate(metrics: pd.DataFrame, documents: pd.DataFrame):
        texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
        published = dict(zip(documents["doc_id"], documents["published_at"], strict=True))
        return gate.validate(
            prepare_frame(metrics, texts, published), context.run_id, prepare_documents(documents)
        )

    results = []
    item_chunks = chunks(shard.items, shard.chunk_documents)
    stored_chunks = chunks(shard.stored_doc_ids, shard.chunk_documents)
    for n in range(max(1, len(item_chunks) + len(stored_chunks))):
        items = item_chunks[n] if n < len(item_chunks) else []
        stored = []
        if n >= len(item_chunks) and stored_chunks:
            with warehouse.connect(read_only=True) as con:
                stored = queries.stored_documents(con, stored_chunks[n - len(item_chunks)])
        result = stage_chunk(
            f"{shard.name}-{n:04d}",
            items,
            Path(shard.run_folder),
            run_id=context.run_id,
            validate=validate,
            source=inbox.source_name,
            max_bytes=inbox.max_bytes,
            time_budget_s=DOCUMENT_TIME_BUDGET_S,
            stored=stored,
            log=context.log.warning,
        )
        results.append(result)
        s = result.seconds
        context.log.info(
            f"{result.chunk}: {result.files} files, {result.documents} documents, "
            f"{result.metrics} metrics, {result.errors} errors "
            f"(read {s['ingest']:.1f}s, extract {s['extract']:.1f}s, "
            f"validate {s['validate']:.1f}s, stage {s['stage']:.1f}s)"
        )
    return results


@op(
    out={
        "documents": Out(StagedRun),
        "errors": Out(StagedRun),
        "missing": Out(pd.DataFrame),
        "metrics": Out(StagedRun),
        "pairings": Out(StagedRun),
        "validated": Out(StagedRun),
    },
    code_version=EXTRACTOR_VERSION,
    description="Gather the shards' chunks into the run's staged tables.",
)
def collect_staged(
    context: OpExecutionContext,
    plan: InboxPlan,
    shards: list[list[ChunkResult]],
    inbox: InboxResource,
    quality: QualityResource,
):
    from warehouse.quality import QualityGate

    staged = StagedRun(
        plan.run_folder,
        [c for shard in shards for c in shard],
        plan.files_seen,
        plan.unchanged_on_stat,
    )
    if plan.listing_errors:
        write_tables(
            chunk_folder(Path(plan.run_folder), "listing"),
            {"errors": frames.errors_frame(plan.listing_errors)},
        )
    if any(c.validation for c in staged.chunks):
        QualityGate.shared(quality.gx_dir).build_data_docs(context.run_id)
    summary = next(
        (v for v in staged.validation_summaries() if v["suite"] == "fct_metric_suite"), {}
    )
    preview = staged.preview("candidates", PREVIEW_COLUMNS)
    seconds = staged.seconds()
    context.log.info(
        f"staged: {staged.total('documents')} documents, {staged.total('metrics')} metrics, "
        f"{staged.total('errors') + len(plan.listing_errors)} errors; "
        f"CPU seconds per stage {seconds}"
    )
    yield Output(
        staged,
        output_name="documents",
        metadata={
            "files_seen": plan.files_seen,
            "unchanged": plan.unchanged_on_stat + staged.total("unchanged"),
            "row_count": staged.total("documents"),
            "characters": staged.total("chars"),
            "inbox": MetadataValue.json(list(inbox.paths)),
            "chunks": len(staged.chunks),
            "seconds_per_stage": MetadataValue.json(seconds),
            "preview": MetadataValue.md(
                staged.preview("documents", ["title", "published_at", "language", "source_uri"])
            ),
        },
    )
    yield Output(
        staged,
        output_name="errors",
        metadata={
            "row_count": staged.total("errors") + len(plan.listing_errors),
            "preview": MetadataValue.md(staged.preview("errors", ["source_uri", "error"])),
        },
    )
    yield Output(
        plan.missing,
        output_name="missing",
        metadata={"row_count": len(plan.missing)},
    )
    yield Output(
        staged,
        output_name="metrics",
        metadata={
            "row_count": staged.total("metrics"),
            "documents": staged.total("documents"),
            "documents_over_time_budget": staged.total("over_budget"),
            "extractor_version": reading_version(),
            "preview": MetadataValue.md(preview),
            "dagster/column_schema": METRIC_SCHEMA,
        },
    )
    yield Output(
        staged,
        output_name="pairings",
        metadata={
            "row_count": staged.total("pairings"),
            "preview": MetadataValue.md(
                staged.preview("pairings", ["supporter_region_code", "supported_region_code"])
            ),
        },
    )
    yield Output(
        staged,
        output_name="validated",
        metadata={
            "row_count": staged.total("metrics"),
            "rows_failed_critical": staged.total("quarantined"),
            "rows_flagged": staged.total("flagged"),
            "expectations": MetadataValue.json(staged.expectation_results()),
            "validation_summary": MetadataValue.json({k: str(v) for k, v in summary.items()}),
            "data_docs": MetadataValue.path(str(summary.get("data_docs", quality.gx_dir))),
        },
    )


def _group_by_layer(spec: AssetSpec) -> AssetSpec:
    """graph_multi_asset puts all its outputs in one group; ours go to their layer's group."""
    return spec.replace_attributes(group_name=spec.key.path[0])


def _stage_out(key: AssetKey, group: str, kinds: set[str], description: str) -> AssetOut:
    return AssetOut(key=key, group_name=group, kinds=kinds, description=description, owners=[OWNER])


@graph_multi_asset(
    outs={
        "documents": _stage_out(
            DOCUMENTS,
            "ingest",
            {"parquet"},
            "New or changed documents read from the inbox as clean text with metadata "
            "(plus every stored document on a full refresh), staged as Parquet.",
        ),
        "errors": _stage_out(
            INGEST_ERRORS, "ingest", {"parquet"}, "Files that could not become documents."
        ),
        "missing": _stage_out(
            INGEST_MISSING,
            "ingest",
            {"pandas"},
            "Documents in the warehouse whose files have left the inbox; their rows are kept "
            "unless the run was asked to purge them (--purge-missing).",
        ),
        "metrics": _stage_out(
            EXTRACTED,
            "extract",
            {"parquet"},
            "Every figure the English grammar reads from the documents, with unit, bound, "
            "period, target flag, region and indicator (transforms.extract_metrics).",
        ),
        "pairings": _stage_out(
            PAIRINGS,
            "extract",
            {"parquet"},
            "Stated partnerships between regions (supporter -> supported) with the span "
            "that states them (transforms.pairings).",
        ),
        "validated": _stage_out(
            VALIDATED,
            "validate",
            {"parquet", "great_expectations"},
            "The metrics after the Great Expectations suites, per chunk: each row marked "
            "passed or failed with every failed expectation; Data Docs under data/gx.",
        ),
    },
    ins={
        "regions": AssetIn(DIM_REGION, dagster_type=Nothing),
        "indicators": AssetIn(DIM_INDICATOR, dagster_type=Nothing),
    },
)
def stage_inbox(regions, indicators):
    """Plan, then stage every shard in parallel (one step each), then gather."""
    shards, plan = plan_inbox(regions=regions, indicators=indicators)
    staged = shards.map(stage_shard).collect()
    documents, errors, missing, metrics, pairings, validated = collect_staged(plan, staged)
    return {
        "documents": documents,
        "errors": errors,
        "missing": missing,
        "metrics": metrics,
        "pairings": pairings,
        "validated": validated,
    }


stage_inbox = stage_inbox.map_asset_specs(_group_by_layer)


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
    staged: StagedRun,
    missing: pd.DataFrame,
    warehouse: WarehouseResource,
):
    """One transaction: raw, staging, core and quality rows of this run, or nothing."""
    files_seen = staged.files_seen
    tables = {name: staged.files(name) for name in STAGED_TABLES}
    with warehouse.connect() as con:
        result = load.load_staged(
            con,
            tables,
            run_id=context.run_id,
            validation=pd.DataFrame(staged.validation_summaries(), columns=VALIDATION_COLUMNS),
            files_seen=files_seen,
            extractor_version=reading_version(),
            purge=missing,
        )
        totals = queries.summary(con)
    remove_run(staged.folder)
    context.log.info(
        f"load: {result.documents} documents, {result.metrics_loaded} metrics, "
        f"{result.metrics_quarantined} quarantined, {result.ingest_errors} errors"
    )
    yield MaterializeResult(
        asset_key=RAW_DOCUMENTS,
        metadata={"batch_rows": result.documents, "table_rows": totals["documents"]},
    )
    yield MaterializeResult(
        asset_key=RAW_ERRORS,
        metadata={"batch_rows": result.ingest_errors, "table_rows": totals["ingest_errors"]},
    )
    yield MaterializeResult(
        asset_key=STG_CANDIDATES, metadata={"batch_rows": result.metrics_extracted}
    )
    yield MaterializeResult(
        asset_key=FCT_PAIRING, metadata={"batch_rows": staged.total("pairings")}
    )
    yield MaterializeResult(asset_key=DIM_DOCUMENT, metadata={"batch_rows": result.documents})
    yield MaterializeResult(
        asset_key=FCT_METRIC,
        metadata={
            "batch_rows": result.metrics_loaded,
            "table_rows": totals["metrics"],
            "quarantined": result.metrics_quarantined,
        },
    )
    yield MaterializeResult(
        asset_key=QUARANTINE,
        metadata={"batch_rows": result.metrics_quarantined, "table_rows": totals["quarantined"]},
    )
    yield MaterializeResult(asset_key=VALIDATION_RUNS, metadata={"suites": 2})
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
    check_specs=LOAD_CHECK_SPECS,
    ins={"staged": AssetIn(VALIDATED), "missing": AssetIn(INGEST_MISSING)},
    pool=WRITER_POOL,
    retry_policy=LOCK_RETRY,
    code_version=EXTRACTOR_VERSION,
)
def load_warehouse(
    context: AssetExecutionContext,
    staged: StagedRun,
    missing: pd.DataFrame,
    warehouse: WarehouseResource,
    quality: QualityResource,
):
    """One transaction: raw, staging, core and quality rows of this run, or nothing."""
    results = list(_load_results(context, staged, missing, warehouse))
    # checked in this step, before anything downstream runs (both are blocking)
    yield from load_checks(context.run_id, warehouse, quality)
    with warehouse.connect(read_only=True) as con:
        for result in results:
            schema = _table_schema(con, result.asset_key)
            preview = _preview(con, result.asset_key)
            extra = {"preview": MetadataValue.md(preview)} if preview else {}
            yield MaterializeResult(
                asset_key=result.asset_key,
                metadata={
                    **(result.metadata or {}),
                    **extra,
                    "dagster/column_schema": schema,
                },
            )


def _preview(con, key: AssetKey) -> str | None:
    """The newest rows of a loaded table, as a markdown table (None: nothing to show)."""
    frame = queries.table_preview(con, ".".join(key.path))
    if frame is None or frame.empty:
        return None
    return frames.markdown_preview(frame, list(frame.columns)[:8])


def _reference_spec(key: AssetKey, description: str) -> AssetSpec:
    return AssetSpec(
        key,
        group_name="reference",
        kinds={"duckdb"},
        owners=[OWNER],
        code_version=reference.REFERENCE_VERSION,
        description=description,
    )


@multi_asset(
    specs=[
        _reference_spec(
            DIM_REGION,
            "Administrative divisions (GB/T 2260, 2024) and macro groups, from "
            "transforms/reference/regions.csv and region_groups.csv.",
        ),
        _reference_spec(
            DIM_INDICATOR, "The indicator catalog from transforms/reference/indicators.yaml."
        ),
    ],
    pool=WRITER_POOL,
    retry_policy=LOCK_RETRY,
)
def reference_tables(warehouse: WarehouseResource):
    """The reference dimensions, replaced from the files in transforms/reference/."""
    regions = reference.regions_frame()
    indicators = reference.indicators_frame(indicator_catalog())
    with warehouse.connect() as con:
        n_regions = load.replace_reference(con, "core.dim_region", regions)
        n_indicators = load.replace_reference(con, "core.dim_indicator", indicators)
        region_schema = _table_schema(con, DIM_REGION)
        indicator_schema = _table_schema(con, DIM_INDICATOR)
    yield MaterializeResult(
        asset_key=DIM_REGION,
        metadata={
            "row_count": n_regions,
            "dagster/column_schema": region_schema,
            "by_level": MetadataValue.json(regions["level"].value_counts().to_dict()),
            "preview": MetadataValue.md(
                frames.markdown_preview(regions, ["region_code", "level", "name_en", "name_zh"])
            ),
        },
    )
    yield MaterializeResult(
        asset_key=DIM_INDICATOR,
        metadata={
            "row_count": n_indicators,
            "dagster/column_schema": indicator_schema,
            "preview": MetadataValue.md(
                frames.markdown_preview(indicators, ["indicator_id", "name", "unit_kind"])
            ),
        },
    )


_MART_DEPS = [FCT_METRIC, DIM_DOCUMENT, DIM_INDICATOR, DIM_REGION]
# key -> (description, extra upstream tables); the SQL is in warehouse/marts/
MARTS: dict[AssetKey, tuple[str, tuple[AssetKey, ...]]] = {
    MART_LATEST: ("Latest achieved value per indicator, region, unit and change kind.", ()),
    MART_SERIES: ("Achieved values of each indicator over time, across documents.", ()),
    MART_EWC: (
        "East-west cooperation by pair: stated partnerships with their latest figures.",
        (FCT_PAIRING,),
    ),
}


@multi_asset(
    specs=[
        AssetSpec(
            key,
            group_name="marts",
            freshness_policy=MART_FRESHNESS,
            kinds={"duckdb"},
            owners=[OWNER],
            deps=[*_MART_DEPS, *extra],
            description=description,
        )
        for key, (description, extra) in MARTS.items()
    ],
    pool=WRITER_POOL,
    retry_policy=LOCK_RETRY,
)
def marts(context: AssetExecutionContext, warehouse: WarehouseResource):
    """The marts after every load, in one transaction: the metric marts redo only the
    documents loaded since their last refresh (warehouse/mart_refresh.py); then the run's
    snapshot for readers is published."""
    with warehouse.connect(publish_snapshot=True) as con:
        outcome = refresh_marts(con)
        context.log.info(
            f"marts: {outcome.mode} refresh"
            + (
                f" ({outcome.documents_changed} documents, {outcome.groups_changed} groups)"
                if outcome.mode == "incremental"
                else ""
            )
        )
        for key in MARTS:
            table = ".".join(key.path)
            preview = con.execute(MART_PREVIEW_SQL[table]).df()
            yield MaterializeResult(
                asset_key=key,
                metadata={
                    "row_count": mart_rows(con, table),
                    "refresh": outcome.mode,
                    "dagster/column_schema": _table_schema(con, key),
                    "preview": MetadataValue.md(
                        frames.markdown_preview(preview, list(preview.columns)[:8])
                    ),
                },
            )


ALL_ASSETS = [reference_tables, stage_inbox, load_warehouse, marts]
