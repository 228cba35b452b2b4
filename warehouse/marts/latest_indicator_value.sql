-- The most recent achieved value of each indicator, per region, unit and kind of change.
-- Restatements in a second currency and targets are left out; ties go to the latest document.
-- Ranked over mart_metrics: every achieved figure on a full rebuild, the figures of the groups
-- (indicator, region, unit, change) a load touched on an incremental one.
WITH ranked AS (
    SELECT
        m.indicator_id,
        m.region_code,
        m.unit,
        m.change,
        m.value,
        m.bound,
        m.low,
        m.high,
        m.period_label,
        m.period_start,
        m.period_end,
        d.published_at,
        m.doc_id,
        m.start,
        m."end",
        m.surface,
        d.title AS document_title,
        d.source_uri,
        count(*) OVER (PARTITION BY m.indicator_id, m.region_code, m.unit, m.change) AS reports,
        row_number() OVER (
            PARTITION BY m.indicator_id, m.region_code, m.unit, m.change
            ORDER BY coalesce(m.period_end, d.published_at) DESC NULLS LAST,
                     d.published_at DESC NULLS LAST, m.doc_id, m.start
        ) AS rank_in_group
    FROM mart_metrics AS m
    JOIN core.dim_document AS d USING (doc_id)
)
SELECT
    r.indicator_id,
    i.name AS indicator_name,
    r.region_code,
    g.name_en AS region_name,
    r.unit,
    r.change,
    r.value,
    r.bound,
    r.low,
    r.high,
    r.period_label,
    r.period_start,
    r.period_end,
    r.published_at,
    r.reports,
    r.doc_id,
    r.start,
    r."end",
    r.surface,
    r.document_title,
    r.source_uri
FROM ranked AS r
LEFT JOIN core.dim_indicator AS i USING (indicator_id)
LEFT JOIN core.dim_region AS g USING (region_code)
WHERE r.rank_in_group = 1
