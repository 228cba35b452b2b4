"""Asset keys, [layer, table]: the names the UI, checks and tests share."""

from dagster import AssetKey

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
