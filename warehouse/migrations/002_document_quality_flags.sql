-- Document-level quality: warnings from the dim_document Great Expectations suite.
ALTER TABLE core.dim_document ADD COLUMN quality_flags VARCHAR;
COMMENT ON COLUMN core.dim_document.quality_flags IS 'Warnings from the document suite (e.g. an implausible publication date)';
