-- core.fct_metric without its PRIMARY KEY index. An ART index over millions of
-- (doc_id, start, "end") keys has to stay in memory, and a full refresh that replaces every
-- row in one transaction needs it twice over: at 100,000 documents that exceeded the memory
-- the pipeline may use. Keys stay unique by construction (a load replaces whole documents)
-- and are checked inside every load transaction (warehouse/load.py, DUPLICATE_KEYS) and by the
-- quality suite.
CREATE TABLE core.fct_metric_v5 (
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
    flow_from_code VARCHAR,
    flow_to_code VARCHAR
);
INSERT INTO core.fct_metric_v5 BY NAME SELECT * FROM core.fct_metric;
DROP TABLE core.fct_metric;
ALTER TABLE core.fct_metric_v5 RENAME TO fct_metric;
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
COMMENT ON COLUMN core.fct_metric.flow_from_code IS 'For a flow between regions: the region (or group) it comes from';
COMMENT ON COLUMN core.fct_metric.flow_to_code IS 'For a flow between regions: the region (or group) it goes to';
