-- Every achieved value of an indicator over time, across documents, one row per figure.
-- The rows of the figures in mart_metrics (all of core.fct_metric on a full rebuild, the
-- changed documents' figures on an incremental one; see warehouse/mart_refresh.py).
SELECT
    m.indicator_id,
    i.name AS indicator_name,
    m.region_code,
    g.name_en AS region_name,
    coalesce(m.period_end, d.published_at) AS as_of,
    m.period_label,
    m.period_start,
    m.period_end,
    m.value,
    m.unit,
    m.base_value,
    m.base_unit,
    m.change,
    m.bound,
    d.published_at,
    m.doc_id,
    m.start,
    m.surface,
    d.title AS document_title
FROM mart_metrics AS m
JOIN core.dim_document AS d USING (doc_id)
LEFT JOIN core.dim_indicator AS i USING (indicator_id)
LEFT JOIN core.dim_region AS g USING (region_code)
