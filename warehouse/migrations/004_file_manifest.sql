-- What `stat` said about each file when it was loaded: an incremental run skips a file whose
-- size and modification time are unchanged without reading it.
ALTER TABLE raw.documents ADD COLUMN file_size BIGINT;
ALTER TABLE raw.documents ADD COLUMN file_mtime_ns BIGINT;
COMMENT ON COLUMN raw.documents.file_size IS 'Size in bytes of the file when it was loaded (null for web sources)';
COMMENT ON COLUMN raw.documents.file_mtime_ns IS 'Modification time (ns since the epoch) of the file when it was loaded';
