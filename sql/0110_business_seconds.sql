-- Business hours for reports (`business_hours=true`): the seconds of [lo, hi) that fall inside an inbox's
-- office hours. `hours` is the inbox's `office_hours` ({"time_zone", "weekly": {"mon": [["09:00","18:00"]], …},
-- "holidays": ["2026-12-25"]}), read in its own time zone (`fallback_zone`, the account's, when it names
-- none). An inbox without office hours is open all day: the plain difference. A holiday counts nothing;
-- a day missing from `weekly` counts nothing; "24:00" closes at midnight. Daylight-saving days are as
-- long as the clock says. NULL when either end is NULL; 0 when hi is not after lo.
CREATE FUNCTION business_seconds(lo timestamptz, hi timestamptz, hours jsonb, fallback_zone text)
RETURNS double precision LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN lo IS NULL OR hi IS NULL THEN NULL
        WHEN hi <= lo THEN 0::float8
        WHEN hours IS NULL OR jsonb_typeof(hours -> 'weekly') IS DISTINCT FROM 'object'
            THEN extract(epoch FROM hi - lo)::float8
        ELSE (
            SELECT coalesce(sum(greatest(0::numeric, extract(epoch FROM
                       least(hi, (d.day + (iv.bounds ->> 1)::interval) AT TIME ZONE z.tz)
                       - greatest(lo, (d.day + (iv.bounds ->> 0)::interval) AT TIME ZONE z.tz)))), 0)::float8
            FROM (SELECT coalesce(nullif(hours ->> 'time_zone', ''), fallback_zone, 'UTC') AS tz) AS z
                 CROSS JOIN LATERAL generate_series(
                     (lo AT TIME ZONE z.tz)::date::timestamp, (hi AT TIME ZONE z.tz)::date::timestamp, interval '1 day'
                 ) AS d(day)
                 CROSS JOIN LATERAL (
                     SELECT hours -> 'weekly' -> ((ARRAY['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])[extract(isodow FROM d.day)::int])
                 ) AS w(intervals)
                 CROSS JOIN LATERAL jsonb_array_elements(
                     CASE WHEN jsonb_typeof(w.intervals) = 'array' THEN w.intervals ELSE '[]'::jsonb END
                 ) AS iv(bounds)
            WHERE jsonb_typeof(iv.bounds) = 'array'
              AND NOT coalesce(jsonb_typeof(hours -> 'holidays') = 'array' AND hours -> 'holidays' ? to_char(d.day, 'YYYY-MM-DD'), false)
        )
    END
$$;
