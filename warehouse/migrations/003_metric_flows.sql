-- Flows between regions: "eight eastern regions had provided ... to 10 western regions".
ALTER TABLE core.fct_metric ADD COLUMN flow_from_code VARCHAR;
ALTER TABLE core.fct_metric ADD COLUMN flow_to_code VARCHAR;
COMMENT ON COLUMN core.fct_metric.flow_from_code IS 'For a flow between regions: the region (or group) it comes from';
COMMENT ON COLUMN core.fct_metric.flow_to_code IS 'For a flow between regions: the region (or group) it goes to';
