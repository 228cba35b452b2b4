-- What the metric marts were last built from, so the next refresh can redo only what changed:
-- the documents of loads not yet folded in, unless the mart definitions or the reference
-- dimensions changed, which rebuilds them whole.
CREATE TABLE main.mart_refresh_state (
    marts VARCHAR PRIMARY KEY,
    definition_hash VARCHAR NOT NULL,
    reference_hash VARCHAR NOT NULL,
    refreshed_at TIMESTAMP NOT NULL,
    mode VARCHAR NOT NULL
);
COMMENT ON TABLE main.mart_refresh_state IS 'Bookkeeping of the incremental mart refresh (warehouse/mart_refresh.py).';
-- The runs whose documents (core.dim_document.run_id) the metric marts already hold.
CREATE TABLE main.mart_refreshed_runs (
    run_id VARCHAR PRIMARY KEY,
    refreshed_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE main.mart_refreshed_runs IS 'Loads already folded into the metric marts (warehouse/mart_refresh.py).';
