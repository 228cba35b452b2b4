"""Asset checks: the quality gate as Dagster sees it.

- validate/metrics: the GX suite's verdict on the batch (warns when rows go to quarantine).
- core/fct_metric: the rows this run loaded pass the critical expectations again (blocking).
- quality/load_batches: extracted = loaded + quarantined for this run (blocking).

The two blocking checks run inside the load step (check specs of load_warehouse): they need
the warehouse the step just wrote, and a separate step would cost a process start.
"""

from collections.abc import Iterator

from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, asset_check

from orchestration.keys import FCT_METRIC, LOAD_BATCHES, VALIDATED
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


LOAD_CHECK_SPECS = [
    AssetCheckSpec(
        "loaded_metrics_pass_suite",
        asset=FCT_METRIC,
        blocking=True,
        description="The rows this run loaded into core.fct_metric pass the critical "
        "expectations again, read back from the warehouse (the same GX suite; a random sample "
        "of at most 100,000 rows on large loads).",
    ),
    AssetCheckSpec(
        "load_is_balanced",
        asset=LOAD_BATCHES,
        blocking=True,
        description="Accounting: metrics extracted = loaded + quarantined for this run.",
    ),
]


def load_checks(
    run_id: str, warehouse: WarehouseResource, quality: QualityResource
) -> Iterator[AssetCheckResult]:
    """The results of LOAD_CHECK_SPECS for one run."""
    with warehouse.connect(read_only=True) as con:
        outcome = wchecks.revalidate_loaded_metrics(con, quality.gx_dir, run_id, f"{run_id}-core")
        row = wchecks.load_accounting(con, run_id)
    yield AssetCheckResult(
        check_name="loaded_metrics_pass_suite",
        asset_key=FCT_METRIC,
        passed=outcome.failed == 0,
        metadata={
            "rows_checked": outcome.checked,
            "rows_failing": outcome.failed,
            "failed_expectations": outcome.failed_expectations,
        },
    )
    if row is None:
        yield AssetCheckResult(
            check_name="load_is_balanced",
            asset_key=LOAD_BATCHES,
            passed=False,
            metadata={"error": "no load_batches row for this run"},
        )
        return
    yield AssetCheckResult(
        check_name="load_is_balanced",
        asset_key=LOAD_BATCHES,
        passed=bool(row["balanced"]),
        metadata={
            k: int(v) for k, v in row.items() if k not in ("balanced", "run_id", "loaded_at")
        },
    )


ALL_CHECKS = [gx_metric_suite]
