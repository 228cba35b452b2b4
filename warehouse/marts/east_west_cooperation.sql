-- East-west cooperation by pair: every stated partnership (supporter -> supported), with the
-- latest achieved figure of each indicator reported for either side in the documents that
-- state the partnership. Pairs without figures are kept (figures null).
CREATE OR REPLACE TABLE marts.east_west_cooperation AS
WITH pairs AS (
    SELECT supporter_region_code, supported_region_code,
           count(DISTINCT doc_id) AS documents, min(doc_id) AS first_doc_id
    FROM core.fct_pairing
    GROUP BY ALL
),
facts AS (
    SELECT
        p.supporter_region_code,
        p.supported_region_code,
        m.indicator_id,
        m.unit,
        m.value,
        m.bound,
        m.region_code AS figure_region_code,
        coalesce(m.period_end, d.published_at) AS as_of,
        m.doc_id,
        m.start,
        m.surface,
        count(*) OVER w AS reports,
        row_number() OVER (w ORDER BY coalesce(m.period_end, d.published_at) DESC NULLS LAST,
                           m.doc_id, m.start) AS rank_in_group
    FROM (SELECT DISTINCT supporter_region_code, supported_region_code, doc_id
          FROM core.fct_pairing) AS p
    JOIN core.fct_metric AS m
      ON m.doc_id = p.doc_id
     AND m.region_code IN (p.supporter_region_code, p.supported_region_code)
    JOIN core.dim_document AS d ON d.doc_id = m.doc_id
    WHERE NOT m.is_target AND m.equivalent_of IS NULL
    WINDOW w AS (PARTITION BY p.supporter_region_code, p.supported_region_code, m.indicator_id,
                              m.unit)
)
SELECT
    p.supporter_region_code,
    s.name_en AS supporter_name,
    p.supported_region_code,
    t.name_en AS supported_name,
    p.documents,
    f.indicator_id,
    i.name AS indicator_name,
    f.unit,
    f.value,
    f.bound,
    f.figure_region_code,
    f.as_of,
    f.reports,
    f.doc_id,
    f.start,
    f.surface
FROM pairs AS p
LEFT JOIN facts AS f
  ON f.supporter_region_code = p.supporter_region_code
 AND f.supported_region_code = p.supported_region_code
 AND f.rank_in_group = 1
LEFT JOIN core.dim_region AS s ON s.region_code = p.supporter_region_code
LEFT JOIN core.dim_region AS t ON t.region_code = p.supported_region_code
LEFT JOIN core.dim_indicator AS i ON i.indicator_id = f.indicator_id
ORDER BY p.supporter_region_code, p.supported_region_code, f.indicator_id NULLS FIRST, f.unit;
COMMENT ON TABLE marts.east_west_cooperation IS 'Stated partnerships (supporter -> supported) with the latest figure per indicator reported for either side in the documents that state them.';
