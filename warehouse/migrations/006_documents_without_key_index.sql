-- raw.documents and core.dim_document without their PRIMARY KEY indexes, for the reason of
-- migration 005 and one more: DuckDB rewrites a table's whole ART index at every checkpoint
-- that touches the table, so adding 100 documents to a warehouse of 100,000 spent about 2 s
-- writing 100,000 keys back. doc_id stays unique by construction (a load deletes every
-- document it replaces first) and is checked inside every load transaction (warehouse/load.py,
-- DUPLICATE_KEYS).
CREATE TABLE raw.documents_v6 (
    doc_id VARCHAR NOT NULL,
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
    loaded_at TIMESTAMP,
    file_size BIGINT,
    file_mtime_ns BIGINT
);
INSERT INTO raw.documents_v6 BY NAME SELECT * FROM raw.documents;
DROP TABLE raw.documents;
ALTER TABLE raw.documents_v6 RENAME TO documents;
COMMENT ON TABLE raw.documents IS 'Documents as ingested: clean UTF-8 text and the metadata established for it. One row per distinct text (doc_id = sha256 of the normalized text).';
COMMENT ON COLUMN raw.documents.doc_id IS 'sha256 of the normalized text';
COMMENT ON COLUMN raw.documents.source_uri IS 'Where the document was read from (file URI or URL)';
COMMENT ON COLUMN raw.documents.published_at_source IS 'Where published_at came from: metadata, dateline, filename or ingested';
COMMENT ON COLUMN raw.documents.text IS 'Clean text; every metric offset indexes into it';
COMMENT ON COLUMN raw.documents.file_size IS 'Size in bytes of the file when it was loaded (null for web sources)';
COMMENT ON COLUMN raw.documents.file_mtime_ns IS 'Modification time (ns since the epoch) of the file when it was loaded';

CREATE TABLE core.dim_document_v6 (
    doc_id VARCHAR NOT NULL,
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
    loaded_at TIMESTAMP,
    quality_flags VARCHAR
);
INSERT INTO core.dim_document_v6 BY NAME SELECT * FROM core.dim_document;
DROP TABLE core.dim_document;
ALTER TABLE core.dim_document_v6 RENAME TO dim_document;
COMMENT ON TABLE core.dim_document IS 'One row per loaded document with its metric counts.';
COMMENT ON COLUMN core.dim_document.quality_flags IS 'Warnings from the document suite (e.g. an implausible publication date)';
