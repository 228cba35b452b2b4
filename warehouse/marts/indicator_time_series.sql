-- Every achieved value of an indicator over time, across documents, one row per figure.
CREATE OR REPLACE TABLE marts.indicator_time_series AS
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
    m.change,
    m.bound,
    d.published_at,
    m.doc_id,
    m.start,
    m.surface,
    d.title AS document_title
FROM core.fct_metric AS m
JOIN core.dim_document AS d USING (doc_id)
LEFT JOIN core.dim_indicator AS i USING (indicator_id)
LEFT JOIN core.dim_region AS g USING (region_code)
WHERE NOT m.is_target
  AND m.equivalent_of IS NULL
  AND m.indicator_id <> 'unclassified'
ORDER BY m.indicator_id, m.region_code NULLS FIRST, as_of NULLS LAST, m.doc_id, m.start;
COMMENT ON TABLE marts.indicator_time_series IS 'Achieved values of each indicator over time, across documents.';
