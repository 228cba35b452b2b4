"""Asset checks: the quality gate as Dagster sees it.

- validate/metrics: the GX suite's verdict on the batch (warns when rows go to quarantine).
- core/fct_metric: every loaded row passes the critical expectations again (blocking: marts wait).
- quality/load_batches: extracted = loaded + quarantined for this run (blocking).
"""

from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetCheckSeverity, asset_check

from orchestration.assets import FCT_METRIC, LOAD_BATCHES, VALIDATED
from orchestration.resources import QualityResource, WarehouseResource
from warehouse import checks as wchecks
from warehouse.staging import StagedRun


@asset_check(
    asset=VALIDATED,
    description="Great Expectations suite over the extracted metrics, chunk by chunk: "
    "rows that fail a critical expectation are quarantined, warnings are flagged.",
)
def gx_metric_suite(validated: StagedRun) -> AssetCheckResult:
    failed = [e for e in validated.expectation_results() if not e["success"]]
    quarantined = validated.total("quarantined")
    return AssetCheckResult(
        passed=quarantined == 0,
        severity=AssetCheckSeverity.WARN,
        metadata={
            "rows_checked": validated.total("metrics"),
            "rows_quarantined": quarantined,
            "rows_flagged": validated.total("flagged"),
            "chunks": len(validated.chunks),
            "failed_expectations": [
                f"{e['expectation']} ({e['severity']}): {e['failed_rows']} rows" for e in failed
            ],
        },
    )


@asset_check(
    asset=FCT_METRIC,
    blocking=True,
    description="The rows this run loaded into core.fct_metric pass the critical expectations "
    "again, read back from the warehouse (the same GX suite; a random sample of at most "
    "100,000 rows on large loads).",
)
def loaded_metrics_pass_suite(
    context: AssetCheckExecutionContext, warehouse: WarehouseResource, quality: QualityResource
) -> AssetCheckResult:
    with warehouse.connect(read_only=True) as con:
        outcome = wchecks.revalidate_loaded_metrics(
            con, quality.gx_dir, context.run.run_id, f"{context.run.run_id}-core"
        )
    return AssetCheckResult(
        passed=outcome.failed == 0,
        metadata={
            "rows_checked": outcome.checked,
            "rows_failing": outcome.failed,
            "failed_expectations": outcome.failed_expectations,
        },
    )


@asset_check(
    asset=LOAD_BATCHES,
    blocking=True,
    description="Accounting: metrics extracted = loaded + quarantined for this run.",
)
def load_is_balanced(
    context: AssetCheckExecutionContext, warehouse: WarehouseResource
) -> AssetCheckResult:
    with warehouse.connect(read_only=True) as con:
        row = wchecks.load_accounting(con, context.run.run_id)
    if row is None:
        return AssetCheckResult(
            passed=False, metadata={"error": "no load_batches row for this run"}
        )
    return AssetCheckResult(
        passed=bool(row["balanced"]),
        metadata={
            k: int(v) for k, v in row.items() if k not in ("balanced", "run_id", "loaded_at")
        },
    )


ALL_CHECKS = [gx_metric_suite, loaded_metrics_pass_suite, load_is_balanced]
