-- Layers of the warehouse, one schema each.
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS core;
CREATE SCHEMA IF NOT EXISTS quality;
CREATE SCHEMA IF NOT EXISTS marts;

CREATE TABLE raw.documents (
    doc_id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    source_uri VARCHAR NOT NULL,
    title VARCHAR,
    published_at DATE,
    published_at_source VARCHAR NOT NULL,
    language VARCHAR NOT NULL,
    content_type VARCHAR NOT NULL,
    encoding VARCHAR,
    url VARCHAR,
    text VARCHAR NOT NULL,
    char_count INTEGER NOT NULL,
    fetched_at TIMESTAMP,
    run_id VARCHAR,
    loaded_at TIMESTAMP
);
COMMENT ON TABLE raw.documents IS 'Documents as ingested: clean UTF-8 text and the metadata established for it. One row per distinct text (doc_id = sha256 of the normalized text).';
COMMENT ON COLUMN raw.documents.doc_id IS 'sha256 of the normalized text';
COMMENT ON COLUMN raw.documents.source_uri IS 'Where the document was read from (file URI or URL)';
COMMENT ON COLUMN raw.documents.published_at_source IS 'Where published_at came from: metadata, dateline, filename or ingested';
COMMENT ON COLUMN raw.documents.text IS 'Clean text; every metric offset indexes into it';

CREATE TABLE raw.ingest_errors (
    source VARCHAR NOT NULL,
    source_uri VARCHAR NOT NULL,
    error VARCHAR NOT NULL,
    detail VARCHAR,
    size_bytes BIGINT,
    run_id VARCHAR,
    recorded_at TIMESTAMP
);
COMMENT ON TABLE raw.ingest_errors IS 'Files or pages that could not become documents, with the reason. The latest verdict per source_uri.';

CREATE TABLE staging.metric_candidates (
    doc_id VARCHAR NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    surface VARCHAR,
    value DOUBLE,
    unit VARCHAR,
    unit_kind VARCHAR,
    bound VARCHAR,
    passed BOOLEAN NOT NULL,
    reasons VARCHAR,
    extractor_version VARCHAR,
    run_id VARCHAR
);
COMMENT ON TABLE staging.metric_candidates IS 'Every metric the extractor read from the loaded documents, with the quality verdict: candidates = core.fct_metric + quality.quarantine.';

CREATE TABLE core.dim_document (
    doc_id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    source_uri VARCHAR NOT NULL,
    title VARCHAR,
    published_at DATE,
    published_at_source VARCHAR NOT NULL,
    language VARCHAR NOT NULL,
    content_type VARCHAR NOT NULL,
    url VARCHAR,
    char_count INTEGER NOT NULL,
    metric_count INTEGER NOT NULL,
    quarantined_count INTEGER NOT NULL,
    extractor_version VARCHAR,
    run_id VARCHAR,
    loaded_at TIMESTAMP
);
COMMENT ON TABLE core.dim_document IS 'One row per loaded document with its metric counts.';

CREATE TABLE core.fct_metric (
    doc_id VARCHAR NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    surface VARCHAR NOT NULL,
    sentence_start INTEGER,
    sentence_end INTEGER,
    value DOUBLE NOT NULL,
    unit VARCHAR,
    unit_kind VARCHAR NOT NULL,
    bound VARCHAR NOT NULL,
    bound_word VARCHAR,
    low DOUBLE,
    high DOUBLE,
    change VARCHAR,
    direction VARCHAR,
    base_period VARCHAR,
    is_target BOOLEAN NOT NULL,
    period_label VARCHAR,
    period_start DATE,
    period_end DATE,
    subject VARCHAR,
    indicator_id VARCHAR NOT NULL,
    region_code VARCHAR,
    region_name VARCHAR,
    equivalent_of INTEGER,
    confidence DOUBLE,
    quality_flags VARCHAR,
    extractor_version VARCHAR,
    run_id VARCHAR,
    loaded_at TIMESTAMP,
    PRIMARY KEY (doc_id, start, "end")
);
COMMENT ON TABLE core.fct_metric IS 'One row per figure stated in a document that passed the quality gate.';
COMMENT ON COLUMN core.fct_metric.start IS 'Offset of the figure in raw.documents.text (inclusive)';
COMMENT ON COLUMN core.fct_metric."end" IS 'Offset of the end of the figure (exclusive): text[start:end] = surface';
COMMENT ON COLUMN core.fct_metric.value IS 'The number after scale words (23 billion -> 23000000000); for a range its low end';
COMMENT ON COLUMN core.fct_metric.unit IS 'ISO 4217 code, percent, percentage_point, times, a measure unit, or a singular counted noun';
COMMENT ON COLUMN core.fct_metric.bound IS 'exact, approximate (about), lower (over, more than) or upper (nearly, up to)';
COMMENT ON COLUMN core.fct_metric.is_target IS 'A goal or plan, not an achieved figure';
COMMENT ON COLUMN core.fct_metric.equivalent_of IS 'start offset of the metric (same document) that this one only restates in another currency';
COMMENT ON COLUMN core.fct_metric.indicator_id IS 'Canonical indicator (core.dim_indicator) or unclassified';
COMMENT ON COLUMN core.fct_metric.region_code IS 'GB/T 2260 code, CN for nationwide, or a group code (EAST, WEST, ...)';
COMMENT ON COLUMN core.fct_metric.quality_flags IS 'Warnings from the quality gate that did not block loading';

CREATE TABLE core.dim_region (
    region_code VARCHAR PRIMARY KEY,
    level VARCHAR NOT NULL,
    parent_code VARCHAR,
    province_code VARCHAR,
    name_en VARCHAR NOT NULL,
    name_zh VARCHAR,
    member_codes VARCHAR
);
COMMENT ON TABLE core.dim_region IS 'Administrative divisions (GB/T 2260, 2024) and macro groups (CN, EAST, WEST, ...).';

CREATE TABLE core.dim_indicator (
    indicator_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    unit_kind VARCHAR NOT NULL,
    units VARCHAR,
    definition VARCHAR,
    terms VARCHAR,
    context VARCHAR
);
COMMENT ON TABLE core.dim_indicator IS 'The indicator catalog (transforms/reference/indicators.yaml) plus unclassified.';

CREATE TABLE core.fct_pairing (
    supporter_region_code VARCHAR NOT NULL,
    supported_region_code VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    surface VARCHAR,
    run_id VARCHAR,
    loaded_at TIMESTAMP,
    PRIMARY KEY (doc_id, start, "end")
);
COMMENT ON TABLE core.fct_pairing IS 'Stated partnerships between regions (supporter -> supported), with the sentence they are stated in.';

CREATE TABLE quality.quarantine (
    doc_id VARCHAR NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    surface VARCHAR,
    value DOUBLE,
    unit VARCHAR,
    unit_kind VARCHAR,
    bound VARCHAR,
    metric_json VARCHAR NOT NULL,
    failed_expectations VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    suite VARCHAR NOT NULL,
    run_id VARCHAR,
    quarantined_at TIMESTAMP
);
COMMENT ON TABLE quality.quarantine IS 'Metrics that failed a critical expectation, with every reason; they are not in core.fct_metric.';

CREATE TABLE quality.validation_runs (
    run_id VARCHAR NOT NULL,
    suite VARCHAR NOT NULL,
    validated_at TIMESTAMP NOT NULL,
    success BOOLEAN NOT NULL,
    rows_checked INTEGER NOT NULL,
    rows_failed_critical INTEGER NOT NULL,
    rows_flagged INTEGER NOT NULL,
    expectations INTEGER NOT NULL,
    expectations_failed INTEGER NOT NULL,
    data_docs VARCHAR,
    PRIMARY KEY (run_id, suite)
);
COMMENT ON TABLE quality.validation_runs IS 'One row per pipeline run and Great Expectations suite, with counts.';

CREATE TABLE quality.load_batches (
    run_id VARCHAR PRIMARY KEY,
    loaded_at TIMESTAMP NOT NULL,
    files_seen INTEGER NOT NULL,
    documents_ingested INTEGER NOT NULL,
    ingest_errors INTEGER NOT NULL,
    metrics_extracted INTEGER NOT NULL,
    metrics_loaded INTEGER NOT NULL,
    metrics_quarantined INTEGER NOT NULL,
    balanced BOOLEAN NOT NULL
);
COMMENT ON TABLE quality.load_batches IS 'Accounting per load: extracted = loaded + quarantined is checked, not assumed.';
