-- The report rollup: each finished day of an account, aggregated once, so a report over a year reads a few
-- thousand rows instead of every conversation and message in it (README, "Reports": "How reports stay fast").
--
-- A day is rolled up by running the report's own event statement for that day alone (ReportSQL.rollupDay),
-- grouped five ways — the whole account, and per inbox, team, assignee and category — so a rolled-up day
-- answers exactly what the raw events would. Reports read the rolled-up days and the raw events of every
-- other day (today, the last hours, a day something changed in) in one statement.
--
-- Nothing is kept up to date on the hot path: a day is built once it can no longer change on its own (its
-- end, the account's missed_after and two hours more have passed), and a change that reaches back into such
-- a day (a reassignment, a category set later, a reopen, a correction) leaves a mark in report_stale from
-- a trigger; the mark makes reports read that day raw at once, and the rollup job drops and rebuilds it.

-- The days rolled up, and under which settings: a day built in another time zone or with another
-- missed_after is not used (and is rebuilt).
CREATE TABLE report_days (
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day          date NOT NULL,
    time_zone    text NOT NULL,
    missed_after integer NOT NULL,
    built_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, day)
);

-- One row per day, grouping and kind of event: what the report statement's first aggregation step computes
-- per group and kind, with the values themselves for the timers' exact median and p90.
CREATE TABLE report_rollup (
    account_id bigint NOT NULL,
    day        date NOT NULL,
    -- 'all', 'inbox', 'team', 'agent', 'category' or 'label': which column kid / kname hold. A conversation
    -- with two labels is in both label rows, as in a breakdown by label.
    dim        text NOT NULL,
    -- The timers counting business hours only (business_seconds, sql/0110) instead of the whole day.
    business   boolean NOT NULL DEFAULT false,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    kid        bigint,
    kname      text,
    kind       text NOT NULL,
    n          bigint NOT NULL,
    -- Events with a value, their sum, and how many had each value 1 … 5 (missed flags, ratings, call-backs).
    vn         bigint NOT NULL,
    vsum       float8,
    r1         bigint NOT NULL,
    r2         bigint NOT NULL,
    r3         bigint NOT NULL,
    r4         bigint NOT NULL,
    r5         bigint NOT NULL,
    -- The timers' values, ascending (first response, reply, resolution, wait for assignment), and where each
    -- value bucket (report_bucket) starts in them: hb the buckets present, ascending; hs the 1-based position
    -- of each one's first value. A percentile counts the buckets over many days first and then sorts only the
    -- values of the one bucket its rank falls in.
    vals       float8[],
    hb         smallint[],
    hs         integer[],
    -- Conversations created, per hour of the day (0 … 23) in the account's zone: the heatmap.
    hours      integer[],
    PRIMARY KEY (account_id, dim, day, id),
    FOREIGN KEY (account_id, day) REFERENCES report_days (account_id, day) ON DELETE CASCADE
);

-- Weeks (Monday to Sunday in the account's zone) whose seven days are rolled up, added up once more: a year's
-- breakdown reads 52 rows per key instead of 365. A week goes when any of its days goes (the trigger below).
CREATE TABLE report_weeks (
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    week       date NOT NULL,
    PRIMARY KEY (account_id, week)
);

CREATE TABLE report_rollup_weeks (LIKE report_rollup INCLUDING IDENTITY);
ALTER TABLE report_rollup_weeks RENAME COLUMN day TO week;
ALTER TABLE report_rollup_weeks
    ADD PRIMARY KEY (account_id, dim, week, id),
    ADD FOREIGN KEY (account_id, week) REFERENCES report_weeks (account_id, week) ON DELETE CASCADE;

CREATE FUNCTION report_days_drop_week() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM report_weeks
    WHERE account_id = OLD.account_id AND week = OLD.day - (extract(isodow FROM OLD.day)::int - 1);
    RETURN NULL;
END
$$;
CREATE TRIGGER report_days_drop_week AFTER DELETE ON report_days
    FOR EACH ROW EXECUTE FUNCTION report_days_drop_week();

-- A timer's value bucket: 0 below one second, then a bucket per factor e^(1/8) (about 1.13), so a year of a
-- help line's durations falls into some 120 buckets. Never decreasing in v: a bucket's values are one run of
-- a sorted array. Measured at a million messages: factor 1.28 sorted too many values per rank, 1.065 counted
-- too many buckets per row; 1.13 was faster than both for summaries and breakdowns.
CREATE FUNCTION report_bucket(v float8) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN v < 1 THEN 0 ELSE 1 + floor(ln(v) * 8) END::smallint
$$;

-- Instants whose events changed after their day may have been rolled up. Short-lived: the rollup job
-- turns each into the days it touches (in the zone the day was built in) and deletes it.
CREATE TABLE report_stale (
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    lo         timestamptz NOT NULL,
    hi         timestamptz NOT NULL,
    PRIMARY KEY (account_id, id)
);

-- An event at `at` changed: mark it when it is old enough to be in a rolled-up day. A day is built no sooner
-- than two hours after its end (plus missed_after); a change to an event of the last hour cannot reach a
-- built day unless its transaction stays open for more than an hour.
CREATE FUNCTION report_mark_stale(account bigint, lo timestamptz, hi timestamptz) RETURNS void LANGUAGE sql AS $$
    INSERT INTO report_stale (account_id, lo, hi)
    SELECT account, lo, greatest(lo, hi) WHERE lo IS NOT NULL AND lo < now() - interval '1 hour'
$$;

-- A conversation's events are its stamps (sql/0060); its messages and surveys are counted under its inbox,
-- team, assignee and category. A change of those, or of the start, moves every event of it; a stamp's
-- change moves the events that read it.
CREATE FUNCTION conversations_report_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM report_mark_stale(NEW.account_id, NEW.created_at, now());
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM report_mark_stale(OLD.account_id, OLD.created_at, now());
    ELSIF OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.inbox_id IS DISTINCT FROM NEW.inbox_id
          OR OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id
          OR OLD.category IS DISTINCT FROM NEW.category OR OLD.labels IS DISTINCT FROM NEW.labels
          OR OLD.created_at IS DISTINCT FROM NEW.created_at THEN
        PERFORM report_mark_stale(OLD.account_id, least(OLD.created_at, NEW.created_at), now());
        IF NEW.account_id IS DISTINCT FROM OLD.account_id THEN
            PERFORM report_mark_stale(NEW.account_id, least(OLD.created_at, NEW.created_at), now());
        END IF;
    ELSE
        IF OLD.first_human_reply_at IS DISTINCT FROM NEW.first_human_reply_at THEN
            PERFORM report_mark_stale(NEW.account_id, NEW.created_at, NEW.created_at);
        END IF;
        IF OLD.resolved_at IS DISTINCT FROM NEW.resolved_at OR OLD.reopened_at IS DISTINCT FROM NEW.reopened_at THEN
            PERFORM report_mark_stale(NEW.account_id, OLD.resolved_at, OLD.resolved_at);
            PERFORM report_mark_stale(NEW.account_id, NEW.resolved_at, NEW.resolved_at);
            PERFORM report_mark_stale(NEW.account_id, OLD.reopened_at, OLD.reopened_at);
            PERFORM report_mark_stale(NEW.account_id, NEW.reopened_at, NEW.reopened_at);
        END IF;
        IF OLD.first_response_at IS DISTINCT FROM NEW.first_response_at OR OLD.reopened_at IS DISTINCT FROM NEW.reopened_at
           OR OLD.handed_over_at IS DISTINCT FROM NEW.handed_over_at THEN
            PERFORM report_mark_stale(NEW.account_id, OLD.first_response_at, OLD.first_response_at);
            PERFORM report_mark_stale(NEW.account_id, NEW.first_response_at, NEW.first_response_at);
        END IF;
        IF OLD.first_assigned_at IS DISTINCT FROM NEW.first_assigned_at THEN
            PERFORM report_mark_stale(NEW.account_id, OLD.first_assigned_at, OLD.first_assigned_at);
            PERFORM report_mark_stale(NEW.account_id, NEW.first_assigned_at, NEW.first_assigned_at);
        END IF;
        IF OLD.csat_rated_at IS DISTINCT FROM NEW.csat_rated_at OR OLD.csat_rating IS DISTINCT FROM NEW.csat_rating THEN
            PERFORM report_mark_stale(NEW.account_id, OLD.csat_rated_at, OLD.csat_rated_at);
            PERFORM report_mark_stale(NEW.account_id, NEW.csat_rated_at, NEW.csat_rated_at);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

-- The WHEN clauses are checked without calling the function: the updates of every incoming message (last
-- message, waiting since) and a new conversation of now pay for a few comparisons only.
CREATE TRIGGER conversations_report_stale_insert AFTER INSERT ON conversations
    FOR EACH ROW WHEN (NEW.created_at < now() - interval '1 hour') EXECUTE FUNCTION conversations_report_stale();
CREATE TRIGGER conversations_report_stale_delete AFTER DELETE ON conversations
    FOR EACH ROW EXECUTE FUNCTION conversations_report_stale();
CREATE TRIGGER conversations_report_stale_update AFTER UPDATE ON conversations
    FOR EACH ROW WHEN (
        OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.inbox_id IS DISTINCT FROM NEW.inbox_id
        OR OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id
        OR OLD.category IS DISTINCT FROM NEW.category OR OLD.labels IS DISTINCT FROM NEW.labels
        OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.first_human_reply_at IS DISTINCT FROM NEW.first_human_reply_at
        OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at OR OLD.reopened_at IS DISTINCT FROM NEW.reopened_at
        OR OLD.first_response_at IS DISTINCT FROM NEW.first_response_at
        OR OLD.handed_over_at IS DISTINCT FROM NEW.handed_over_at
        OR OLD.first_assigned_at IS DISTINCT FROM NEW.first_assigned_at
        OR OLD.csat_rated_at IS DISTINCT FROM NEW.csat_rated_at OR OLD.csat_rating IS DISTINCT FROM NEW.csat_rating)
    EXECUTE FUNCTION conversations_report_stale();

-- A message counts at its own moment, in its conversation, by direction, privacy and reply time; a survey
-- when its job finished. The trigger's argument names the moment's column (read through jsonb: only rows of
-- more than an hour ago, changed or deleted, get here).
CREATE FUNCTION moment_report_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM report_mark_stale(OLD.account_id, (to_jsonb(OLD) ->> TG_ARGV[0])::timestamptz, (to_jsonb(OLD) ->> TG_ARGV[0])::timestamptz);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM report_mark_stale(NEW.account_id, (to_jsonb(NEW) ->> TG_ARGV[0])::timestamptz, (to_jsonb(NEW) ->> TG_ARGV[0])::timestamptz);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER messages_report_stale_insert AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.created_at < now() - interval '1 hour') EXECUTE FUNCTION moment_report_stale('created_at');
CREATE TRIGGER messages_report_stale_delete AFTER DELETE ON messages
    FOR EACH ROW WHEN (OLD.created_at < now() - interval '1 hour') EXECUTE FUNCTION moment_report_stale('created_at');
CREATE TRIGGER messages_report_stale_update AFTER UPDATE ON messages
    FOR EACH ROW WHEN (
        OLD.conversation_id IS DISTINCT FROM NEW.conversation_id OR OLD.account_id IS DISTINCT FROM NEW.account_id
        OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.direction IS DISTINCT FROM NEW.direction
        OR OLD.private IS DISTINCT FROM NEW.private OR OLD.reply_seconds IS DISTINCT FROM NEW.reply_seconds)
    EXECUTE FUNCTION moment_report_stale('created_at');

CREATE TRIGGER automation_jobs_report_stale_insert AFTER INSERT ON automation_jobs
    FOR EACH ROW WHEN (NEW.kind = 'csat' AND NEW.finished_at < now() - interval '1 hour')
    EXECUTE FUNCTION moment_report_stale('finished_at');
CREATE TRIGGER automation_jobs_report_stale_delete AFTER DELETE ON automation_jobs
    FOR EACH ROW WHEN (OLD.kind = 'csat' AND OLD.finished_at < now() - interval '1 hour')
    EXECUTE FUNCTION moment_report_stale('finished_at');
CREATE TRIGGER automation_jobs_report_stale_update AFTER UPDATE ON automation_jobs
    FOR EACH ROW WHEN ((OLD.kind = 'csat' OR NEW.kind = 'csat') AND (
        OLD.finished_at IS DISTINCT FROM NEW.finished_at OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.conversation_id IS DISTINCT FROM NEW.conversation_id))
    EXECUTE FUNCTION moment_report_stale('finished_at');

-- Business hours are counted by the inbox's office hours as they are now: when they change, every rolled-up day
-- of the account is read from its events again and rolled up anew.
CREATE FUNCTION inboxes_report_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_mark_stale(NEW.account_id, '-infinity', now());
    RETURN NULL;
END
$$;
CREATE TRIGGER inboxes_report_stale AFTER UPDATE ON inboxes
    FOR EACH ROW WHEN (OLD.office_hours IS DISTINCT FROM NEW.office_hours) EXECUTE FUNCTION inboxes_report_stale();
