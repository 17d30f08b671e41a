-- Staging: INSEE COG 2023 commune attributes (via maelbds/diagnostic-mobilite): AAV 2020 code, category
-- (11/12/13 pôle, 20 couronne, 30 outside), AAV class (1 pôle, 2 couronne, 3 outside: the first digit of
-- the category, used to group comparable communes), the aire's size class (second digit of typo_aav,
-- 1 smallest … 5 Paris; NULL outside any aire) and the chef-lieu point converted from EPSG:3857 to WGS84:
-- lon = x/R·180/π, lat = (2·atan(e^(y/R)) − π/2)·180/π, R = 6,378,137 m. The points of régions 01–04
-- (Guadeloupe, Martinique, Guyane, La Réunion) are insets drawn beside metropolitan France: flagged here.
create or replace temp table stg_geo2023__communes as
with typed as (
    select
        geo_code,
        name,
        dep as dep_code_2023,
        reg as reg_code_2023,
        epci as epci_code_2023,
        nullif(aav, '000') as aav_code,
        cast(cate_aav as integer) as aav_category,
        cast(typo_aav as integer) as aav_typology,
        cast(cheflieu_x as double) as x,
        cast(cheflieu_y as double) as y
    from raw_geo2023_communes
)
select
    geo_code,
    name,
    dep_code_2023,
    reg_code_2023,
    epci_code_2023,
    aav_code,
    aav_category,
    aav_category // 10 as aav_class,
    case when aav_typology < 30 then aav_typology % 10 end as aav_size_class,
    x / 6378137 * 180 / pi() as point_lon,
    (2 * atan(exp(y / 6378137)) - pi() / 2) * 180 / pi() as point_lat,
    reg_code_2023 in ('01', '02', '03', '04') as point_is_inset
from typed
