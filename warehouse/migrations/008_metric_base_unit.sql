-- A figure in its base unit beside the stated one, where the conversion is exact by definition
-- ("5,000 mu" -> 333.33 hectare, "800 yuan per mu" -> 12,000 CNY per hectare); see
-- transforms/units.py. Rows loaded before this migration have none until they are reloaded.
ALTER TABLE core.fct_metric ADD COLUMN base_value DOUBLE;
ALTER TABLE core.fct_metric ADD COLUMN base_unit VARCHAR;
COMMENT ON COLUMN core.fct_metric.base_value IS 'value in base_unit where the conversion is exact by definition (mu -> hectare, jin -> kilogram); null otherwise';
COMMENT ON COLUMN core.fct_metric.base_unit IS 'metre, hectare, kilogram, cubic metre, kwh, kilowatt or kilometre per hour, also inside a rate (CNY per hectare)';
