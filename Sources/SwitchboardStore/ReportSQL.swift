import PostgresNIO
import SwitchboardCore

/// The SQL text of reports, built from fixed fragments only: every value is a bound parameter.
///
/// Parameters: `$1` account, `$2` first day, `$3` last day (both `YYYY-MM-DD`, in the account's time
/// zone), `$4` inbox, `$5` team, `$6` agent, `$7` channel, `$8` category path, `$9` label (NULL: any);
/// a query may add its own from `$10`.
///
/// Each stamped moment (sql/0060) is one branch of a `UNION ALL` of events `(at, kind, v, kid, kname)`,
/// read through its own index by the time it happened; aggregates then count events and take the
/// timers' `percentile_cont`. Only the branches a report needs are written.
enum ReportSQL {
    static func bindings(_ query: ReportQuery) -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(query.accountID)
        bindings.append(query.period.from.description)
        bindings.append(query.period.to.description)
        bindings.append(query.filters.inboxID)
        bindings.append(query.filters.teamID)
        bindings.append(query.filters.agentID)
        bindings.append(query.filters.channel?.rawValue)
        bindings.append(query.filters.category)
        bindings.append(query.filters.label)
        return bindings
    }

    /// The period's bounds as instants, in the account's zone: `lo` … `hi` (exclusive), and `plo`, the start
    /// of the period of equal length before it; `missed_after` is the account's setting.
    static let bounds = """
        b AS (
            SELECT a.time_zone AS tz, a.missed_after_minutes AS missed_after,
                   ($2::date::timestamp AT TIME ZONE a.time_zone) AS lo,
                   (($3::date + 1)::timestamp AT TIME ZONE a.time_zone) AS hi,
                   (($2::date - ($3::date - $2::date + 1))::timestamp AT TIME ZONE a.time_zone) AS plo
            FROM accounts a WHERE a.id = $1
        )
        """

    /// The filters, on conversation `c` and its inbox `i`.
    static let filter = filters(account: "c.account_id", inbox: "c.inbox_id")

    /// The filters with the account and inbox read from another row (a call `k`, whose conversation `c` may
    /// be missing: then only the account, inbox and channel filters can hold).
    static func filters(account: String, inbox: String) -> String {
        """
        \(account) = $1
        AND ($4::bigint IS NULL OR \(inbox) = $4::bigint)
        AND ($5::bigint IS NULL OR c.team_id = $5::bigint)
        AND ($6::bigint IS NULL OR c.assignee_id = $6::bigint)
        AND ($7::text IS NULL OR i.channel_kind = $7::text)
        AND ($8::text IS NULL OR lower(c.category) = lower($8::text) OR starts_with(lower(c.category), lower($8::text) || '/'))
        AND ($9::text IS NULL OR c.labels @> ARRAY[$9::text])
        """
    }

    /// Every filter parameter, typed, when none is set (a statement must use each of its parameters).
    static let unfiltered = """
        $4::bigint IS NULL AND $5::bigint IS NULL AND $6::bigint IS NULL AND $7::text IS NULL AND $8::text IS NULL \
        AND $9::text IS NULL
        """

    /// What the events are grouped by, as `kid` (an id) and `kname` (a name), over `c`, `i` and the label `lbl.l`.
    enum Key {
        case none
        case dimension(BreakdownDimension)
        /// Every grouping of the rollup at once (sql/0210): inbox, team, assignee, category.
        case rollup

        var columns: String {
            switch self {
            case .none: "NULL::bigint AS kid, NULL::text AS kname"
            case .rollup: "c.inbox_id AS inbox_k, c.team_id AS team_k, c.assignee_id AS agent_k, c.category AS category_k"
            case .dimension(.agent): "c.assignee_id AS kid, NULL::text AS kname"
            case .dimension(.team): "c.team_id AS kid, NULL::text AS kname"
            case .dimension(.inbox): "c.inbox_id AS kid, NULL::text AS kname"
            case .dimension(.channel): "NULL::bigint AS kid, i.channel_kind AS kname"
            case .dimension(.category): "NULL::bigint AS kid, c.category AS kname"
            case .dimension(.label): "NULL::bigint AS kid, lbl.l AS kname"
            }
        }

        /// A conversation with several labels is a row of each; one without is a row of none.
        var join: String {
            switch self {
            case .dimension(.label): "LEFT JOIN LATERAL unnest(c.labels) AS lbl(l) ON true"
            default: ""
            }
        }
    }

    /// When a conversation `c` reached the people: its start, its last reopen, or the hand-over from the
    /// intake questionnaire or an external bot (sql/0160), whichever is latest. First response counts from it.
    static let humanStart = "greatest(c.created_at, c.reopened_at, c.handed_over_at)"

    /// The `e` CTE: the events of `kinds` from `b.plo` (with the previous period) or `b.lo` to `b.hi`. A timer
    /// is never negative: a reply whose transaction began before a reopen committed is counted as instant.
    /// The seconds from `start` to `end` (never negative): all of them, or with `businessHours` only those in
    /// the office hours of the conversation's inbox `i` (sql/0110, `business_seconds`).
    static func span(_ start: String, _ end: String, businessHours: Bool) -> String {
        businessHours
            ? "business_seconds(\(start), \(end), i.office_hours, b.tz)"
            : "greatest(0, extract(epoch FROM \(end) - \(start)))"
    }

    /// `filtered`: some filter of `ReportFilters` is set. Without one, no key and no business hours, the
    /// events need nothing but their own rows: no join, and messages are read from their index alone.
    ///
    /// With `rollup`, the days and weeks rolled up (sql/0210) are read from `report_rollup` and
    /// `report_rollup_weeks`, and only the other days from the events: `e` then has the columns of a rollup row too (NULL on an event), for `aggregated(by:partials:)`.
    static func events(
        _ kinds: Set<ReportEvent>, key: Key, withPrevious: Bool, businessHours: Bool = false, filtered: Bool = true,
        rollup: Rollup? = nil, name: String = "e"
    ) -> String {
        let start = withPrevious ? "b.plo" : "b.lo"
        var bare = !filtered && !businessHours
        if case .dimension = key { bare = false }
        if case .rollup = key { bare = false }
        let conversations = bare
            ? "FROM conversations c CROSS JOIN b"
            : "FROM conversations c JOIN inboxes i ON i.id = c.inbox_id \(key.join) CROSS JOIN b"
        let conditions = bare ? "c.account_id = $1 AND \(unfiltered)" : filter
        let partials = rollup == nil ? "" : ", \(noPartials)"
        /// The branch's period: the whole of it, or only the days not rolled up — read as one range from the
        /// first such day to the end of the last (an index range scan; usually the last day or two), each event
        /// then checked against the gaps.
        func during(_ at: String) -> String {
            rollup == nil
                ? "\(at) >= \(start) AND \(at) < b.hi"
                : """
                \(at) >= (SELECT min(gaps.glo) FROM gaps) AND \(at) < (SELECT max(gaps.ghi) FROM gaps)
                AND EXISTS (SELECT 1 FROM gaps WHERE \(at) >= gaps.glo AND \(at) < gaps.ghi)
                """
        }
        func branch(_ at: String, _ kind: String, _ value: String, _ extra: String = "") -> String {
            """
            SELECT \(at) AS at, '\(kind)'::text AS kind, (\(value))::float8 AS v, \(key.columns)\(partials)
            \(conversations)
            WHERE \(conditions) AND \(during(at))\(extra)
            """
        }
        var branches: [String] = []
        for kind in ReportEvent.allCases where kinds.contains(kind) {
            switch kind {
            case .created:
                // v: 1 when missed, i.e. no human public reply within missed_after of the start (so far).
                branches.append(branch(
                    "c.created_at", "created",
                    "CASE WHEN coalesce(c.first_human_reply_at, now()) > c.created_at + make_interval(mins => b.missed_after) THEN 1 ELSE 0 END"
                ))
            case .resolved:
                branches.append(branch(
                    "c.resolved_at", "resolved", span("coalesce(c.reopened_at, c.created_at)", "c.resolved_at", businessHours: businessHours)
                ))
            case .reopened:
                branches.append(branch("c.reopened_at", "reopened", "NULL"))
            case .firstResponse:
                branches.append(branch(
                    "c.first_response_at", "first_response",
                    span(humanStart, "c.first_response_at", businessHours: businessHours)
                ))
            case .firstAssigned:
                branches.append(branch(
                    "c.first_assigned_at", "assigned", span("c.created_at", "c.first_assigned_at", businessHours: businessHours)
                ))
            case .rated:
                branches.append(branch("c.csat_rated_at", "rated", "c.csat_rating"))
            case .surveySent where bare:
                branches.append(
                    """
                    SELECT j.finished_at AS at, 'survey'::text AS kind, NULL::float8 AS v, \(key.columns)\(partials)
                    FROM automation_jobs j CROSS JOIN b
                    WHERE j.account_id = $1 AND j.kind = 'csat' AND j.status = 'done'
                      AND \(during("j.finished_at")) AND \(unfiltered)
                    """
                )
            case .surveySent:
                branches.append(
                    """
                    SELECT j.finished_at AS at, 'survey'::text AS kind, NULL::float8 AS v, \(key.columns)\(partials)
                    FROM automation_jobs j JOIN conversations c ON c.id = j.conversation_id JOIN inboxes i ON i.id = c.inbox_id
                         \(key.join) CROSS JOIN b
                    WHERE j.account_id = $1 AND j.kind = 'csat' AND j.status = 'done'
                      AND \(during("j.finished_at")) AND \(filter)
                    """
                )
            case .messages where bare:
                branches.append(
                    """
                    SELECT m.created_at AS at, CASE WHEN m.direction = 'in' THEN 'in' ELSE 'out' END AS kind,
                           m.reply_seconds AS v, \(key.columns)\(partials)
                    FROM messages m CROSS JOIN b
                    WHERE m.account_id = $1 AND NOT m.private AND \(during("m.created_at"))
                      AND \(unfiltered)
                    """
                )
            case .messages:
                // Incoming and public outgoing messages; v is a human reply's reply time (its start is
                // `reply_seconds` before it).
                let reply = businessHours
                    ? span("m.created_at - make_interval(secs => m.reply_seconds)", "m.created_at", businessHours: true)
                    : "m.reply_seconds"
                branches.append(
                    """
                    SELECT m.created_at AS at, CASE WHEN m.direction = 'in' THEN 'in' ELSE 'out' END AS kind,
                           \(reply) AS v, \(key.columns)\(partials)
                    FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN inboxes i ON i.id = c.inbox_id
                         \(key.join) CROSS JOIN b
                    WHERE m.account_id = $1 AND NOT m.private AND \(during("m.created_at"))
                      AND \(filter)
                    """
                )
            case .calls:
                // Calls are not rolled up: they are read for the whole period, always.
                branches.append(contentsOf: callBranches(key: key, start: start, partials: partials))
            }
        }
        if branches.isEmpty { branches.append(branch("c.created_at", "none", "NULL", " AND false")) }
        guard let rollup else { return "\(name) AS (\n" + branches.joined(separator: "\nUNION ALL\n") + "\n)" }
        let rolled = kinds.flatMap(\.rollupKinds).map { "'\($0)'" }
        if !rolled.isEmpty {
            // The days (and weeks) as one array, so their rows are found through the key (account, grouping, day):
            // joined to the CTE, PostgreSQL could not know how few they are and read every row of the table.
            for (table, unit, days) in [("report_rollup", "day", "days"), ("report_rollup_weeks", "week", "weeks")]
            where unit == "day" || rollup.weeks != nil {
                branches.append(
                    """
                    SELECT (r.\(unit)::timestamp AT TIME ZONE b.tz) AS at, r.kind, NULL::float8 AS v, \(rollup.kid) AS kid,
                           \(rollup.kname) AS kname, r.n, r.vn, r.vsum, r.r1, r.r2, r.r3, r.r4, r.r5, r.vals, r.hb, r.hs, r.hours
                    FROM \(table) r CROSS JOIN b
                    WHERE r.account_id = $1 AND r.dim = '\(rollup.dim)'
                      AND r.\(unit) = ANY (ARRAY(SELECT \(days).\(unit) FROM \(days)))
                      AND r.kind IN (\(rolled.joined(separator: ", ")))
                      AND r.business = (\(rollup.business) AND r.kind IN (\(timerKinds))) AND \(rollup.condition)
                    """
                )
            }
        }
        return coverage(from: withPrevious ? "($2::date - ($3::date - $2::date + 1))" : "$2::date", weeks: rollup.weeks)
            + ",\ne AS (\n" + branches.joined(separator: "\nUNION ALL\n") + "\n)"
    }

    /// The columns of a rollup row, on an event (which is its own value `v`).
    static let noPartials = """
        NULL::bigint AS n, NULL::bigint AS vn, NULL::float8 AS vsum, NULL::bigint AS r1, NULL::bigint AS r2, \
        NULL::bigint AS r3, NULL::bigint AS r4, NULL::bigint AS r5, NULL::float8[] AS vals, NULL::smallint[] AS hb, \
        NULL::int[] AS hs, NULL::int[] AS hours
        """

    /// `covered`: the days from `first` to `$3` rolled up under the account's present zone and `missed_after`,
    /// with no change marked in them since (sql/0210); `gaps`: the other days, as runs of instants. With
    /// `weeks` (a condition on the week `w.week`), `weeks` are the rolled-up weeks whose seven days are all
    /// covered and that meet it, and `days` the covered days outside them; without, `days` are all covered days.
    static func coverage(from first: String, weeks condition: String?) -> String {
        let weeks = condition.map { condition in
            """
            weeks AS (
                SELECT w.week FROM report_weeks w
                WHERE w.account_id = $1 AND w.week >= \(first) AND w.week + 6 <= $3::date AND \(condition)
                  AND (SELECT count(*) FROM covered WHERE covered.day BETWEEN w.week AND w.week + 6) = 7
            ),
            days AS (
                SELECT covered.day FROM covered
                WHERE NOT EXISTS (SELECT 1 FROM weeks WHERE covered.day BETWEEN weeks.week AND weeks.week + 6)
            ),
            """
        } ?? "days AS (SELECT covered.day FROM covered),"
        return """
        covered AS (
            SELECT d.day FROM report_days d CROSS JOIN b
            WHERE d.account_id = $1 AND d.day >= \(first) AND d.day <= $3::date
              AND d.time_zone = b.tz AND d.missed_after = b.missed_after
              AND NOT EXISTS (
                  SELECT 1 FROM report_stale s
                  WHERE s.account_id = $1 AND s.lo < ((d.day + 1)::timestamp AT TIME ZONE b.tz)
                    AND s.hi >= (d.day::timestamp AT TIME ZONE b.tz))
        ),
        \(weeks)
        gaps AS (
            SELECT (min(g.day)::timestamp AT TIME ZONE b.tz) AS glo, ((max(g.day) + 1)::timestamp AT TIME ZONE b.tz) AS ghi
            FROM (
                SELECT s.day::date AS day, s.day::date - (row_number() OVER (ORDER BY s.day))::int AS run
                FROM generate_series(\(first), $3::date, interval '1 day') AS s(day)
                WHERE NOT EXISTS (SELECT 1 FROM covered WHERE covered.day = s.day::date)
            ) g CROSS JOIN b
            GROUP BY g.run, b.tz
        )
        """
    }

    /// Phone calls (sql/0100), each by the moment it counts at, in the conversation it landed in (its key and
    /// filters; an outgoing call nobody answered has none). A missed call's v is 1 when it was called back:
    /// after its hang-up the caller's number got an outgoing call (answered or not) on any of the account's
    /// phone inboxes, or the caller an agent's public reply in any of their conversations.
    static func callBranches(key: Key, start: String, partials: String = "") -> [String] {
        func branch(_ at: String, _ kind: String, _ value: String, _ condition: String) -> String {
            """
            SELECT \(at) AS at, '\(kind)'::text AS kind, (\(value))::float8 AS v, \(key.columns)\(partials)
            FROM calls k JOIN inboxes i ON i.id = k.inbox_id LEFT JOIN conversations c ON c.id = k.conversation_id
                 \(key.join) CROSS JOIN b
            WHERE \(filters(account: "k.account_id", inbox: "k.inbox_id")) AND \(condition)
              AND \(at) >= \(start) AND \(at) < b.hi
            """
        }
        let calledBack = """
            CASE WHEN EXISTS (
                SELECT 1 FROM calls o WHERE o.account_id = k.account_id AND o.direction = 'out' AND o.to_number = k.from_number
                  AND coalesce(least(o.ringing_at, o.answered_at, o.ended_at), o.created_at) >= k.ended_at)
            OR EXISTS (
                SELECT 1 FROM conversations oc JOIN messages m ON m.conversation_id = oc.id
                WHERE oc.account_id = k.account_id AND oc.contact_id = k.contact_id AND m.sender_type = 'agent'
                  AND m.direction = 'out' AND NOT m.private AND m.created_at >= k.ended_at)
            THEN 1 ELSE 0 END
            """
        return [
            branch("k.ended_at", "call_missed", calledBack, "k.direction = 'in' AND k.status = 'missed'"),
            branch("k.answered_at", "call_answered", "NULL", "k.direction = 'in'"),
            branch("least(k.ringing_at, k.answered_at, k.ended_at)", "call_out", "NULL", "k.direction = 'out'"),
        ]
    }

    /// The `online` CTE: per agent, the seconds of the period (`b.lo` … `b.hi`, and never past now) spent
    /// `online` (sql/0130). `since` is each agent's last change before the period, looked up once per agent
    /// (materialized: inlined, PostgreSQL looked it up again for every change, 52,000 times for a year). Each
    /// change holds until the agent's next one; only the last change before the period and those inside it are
    /// read, so an agent online across the period's start (midnight in the account's zone, for a day) counts only
    /// the part inside it.
    static let online = """
        since AS MATERIALIZED (
            SELECT a.id, coalesce((
                SELECT max(p.changed_at) FROM agent_availability_changes p
                WHERE p.account_id = $1 AND p.agent_id = a.id AND p.changed_at <= b.lo), '-infinity') AS at
            FROM agents a CROSS JOIN b WHERE a.account_id = $1
        ),
        online AS (
            SELECT s.agent_id, sum(extract(epoch FROM least(s.until, b.hi, now()) - greatest(s.changed_at, b.lo)))::float8 AS seconds
            FROM (
                SELECT x.agent_id, x.availability, x.changed_at,
                       lead(x.changed_at) OVER (PARTITION BY x.agent_id ORDER BY x.changed_at, x.id) AS until
                FROM agent_availability_changes x CROSS JOIN b JOIN since ON since.id = x.agent_id
                WHERE x.account_id = $1 AND ($6::bigint IS NULL OR x.agent_id = $6::bigint) AND x.changed_at < b.hi
                  AND x.changed_at >= since.at
            ) s CROSS JOIN b
            WHERE s.availability = 'online' AND coalesce(s.until, 'infinity') > b.lo AND s.changed_at < least(b.hi, now())
            GROUP BY s.agent_id
        )
        """

    /// Every figure of `ReportFigures` per group of the events `e`: `SELECT <key names>, <figures> FROM … GROUP BY`
    /// over `e CROSS JOIN b`, each key an `(expression, name)`.
    ///
    /// Two steps: the events are first aggregated per group and kind — one count, mean and sort per kind, the
    /// median and p90 from one `percentile_cont` over an array of fractions — and those few rows are then
    /// turned into one row of named figures per group. Aggregating every figure over every event with a
    /// `FILTER` (the first version) ran 30 aggregates and 8 sorts over each event: at 1,000,000 messages most
    /// of a report's time.
    ///
    /// With `partials` (the events of `events(…, rollup:)`), a row of `e` is an event or a rolled-up group of
    /// them, and the first step is `partialGroups`.
    static func aggregated(by keys: [(expression: String, name: String)], partials: Bool = false) -> String {
        let inner = keys.map { "\($0.expression) AS \($0.name)" }
        let names = keys.map(\.name)
        func count(_ kind: String, _ column: String = "n") -> String {
            "sum(k.\(column)) FILTER (WHERE k.kind = '\(kind)')::bigint"
        }
        func number(_ kind: String, _ expression: String) -> String { "max(\(expression)) FILTER (WHERE k.kind = '\(kind)')" }
        func timer(_ kind: String, _ name: String) -> String {
            """
            \(count(kind, "vn")) AS \(name)_count, \(number(kind, "k.mean")) AS \(name)_mean,
            \(number(kind, "k.pct[1]")) AS \(name)_median, \(number(kind, "k.pct[2]")) AS \(name)_p90
            """
        }
        let ratings = (1...5).map { "\(count("rated", "r\($0)")) AS csat_\($0)" }
        let figures = [
            "\(count("created")) AS created", "\(count("resolved")) AS resolved", "\(count("reopened")) AS reopened",
            "\(count("in")) AS incoming", "\(count("out")) AS outgoing",
            // A created event's v is 1 when the conversation is missed.
            "\(count("created", "r1")) AS missed",
            timer("first_response", "first_response"), timer("out", "reply"), timer("resolved", "resolution"),
            timer("assigned", "wait"),
            "\(count("rated")) AS csat_responses", "\(count("survey")) AS csat_sent",
            "\(number("rated", "k.mean")) AS csat_average",
            "\(count("call_missed")) AS calls_missed", "\(count("call_answered")) AS calls_answered",
            "\(count("call_out")) AS calls_outgoing",
            // A missed call's v is 1 when it was called back.
            "\(count("call_missed", "r1")) AS calls_called_back",
        ] + ratings
        return """
            SELECT \((names + figures).joined(separator: ",\n"))
            FROM (\(partials ? partialGroups(inner, keys) : """
                SELECT \((inner + ["e.kind"]).joined(separator: ", ")), count(*) AS n, count(e.v) AS vn, avg(e.v) AS mean,
                       percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY e.v)
                           FILTER (WHERE e.kind IN (\(timerKinds))) AS pct,
                       \((1...5).map { "count(*) FILTER (WHERE e.v = \($0)) AS r\($0)" }.joined(separator: ", "))
                FROM e CROSS JOIN b
                GROUP BY \((keys.map(\.expression) + ["e.kind"]).joined(separator: ", "))
                """)
            ) k
            \(names.isEmpty ? "" : "GROUP BY " + names.joined(separator: ", "))
            """
    }

    /// The kinds of event whose values are timers: each has a median and a p90.
    static let timerKinds = "'first_response', 'out', 'resolved', 'assigned'"

    /// The first step of `aggregated(by:partials:)` over events and rollup rows: per group and kind, the counts
    /// and sums added up, and the timers' exact median and p90 — as `percentile_cont` computes them, without
    /// sorting every value.
    ///
    /// A year of a help line is about a million timer values; sorting them was most of a year's report. Each
    /// rollup row keeps its values sorted, with where each value bucket (sql/0210, `report_bucket`) starts in
    /// them. The buckets are counted over the group's rows (`tally`); the ranks `percentile_cont` reads —
    /// floor and ceil of (count − 1) × fraction — fall in one or two buckets (`needed`); only those buckets'
    /// values are sorted (`picked`), and the percentile is interpolated between its two ranks as
    /// PostgreSQL does (`lo + (rank − floor) × (hi − lo)`), so it is the same number to the last digit.
    static func partialGroups(_ inner: [String], _ keys: [(expression: String, name: String)]) -> String {
        let names = keys.map(\.name)
        let timer = "ek.kind IN (\(timerKinds)) AND ek.vals IS NULL AND ek.v IS NOT NULL"
        return """
            WITH ek AS MATERIALIZED (
                SELECT \((inner + ["e.kind"]).joined(separator: ", ")),
                       ROW(\((keys.map(\.expression) + ["e.kind"]).joined(separator: ", ")))::text AS jk,
                       e.v, e.n, e.vn, e.vsum, e.r1, e.r2, e.r3, e.r4, e.r5, e.vals, e.hb, e.hs
                FROM e CROSS JOIN b
            ),
            counts AS (
                SELECT \((names.map { "ek.\($0)" } + ["ek.kind"]).joined(separator: ", ")),
                       ROW(\((names.map { "ek.\($0)" } + ["ek.kind"]).joined(separator: ", ")))::text AS jk,
                       sum(coalesce(ek.n, 1)) AS n, count(ek.v) + coalesce(sum(ek.vn), 0) AS vn,
                       (coalesce(sum(ek.v), 0) + coalesce(sum(ek.vsum), 0)) / nullif(count(ek.v) + coalesce(sum(ek.vn), 0), 0) AS mean,
                       \((1...5).map { "count(*) FILTER (WHERE ek.v = \($0)) + coalesce(sum(ek.r\($0)), 0) AS r\($0)" }.joined(separator: ", "))
                FROM ek
                GROUP BY \((names.map { "ek.\($0)" } + ["ek.kind"]).joined(separator: ", "))
            ),
            spans AS (
                SELECT ek.jk, t.bucket, t.start, t.next
                FROM ek CROSS JOIN LATERAL unnest(ek.hb, ek.hs, ek.hs[2:] || (cardinality(ek.vals) + 1)) AS t(bucket, start, next)
                WHERE ek.hb IS NOT NULL
            ),
            tally AS (
                SELECT x.jk, x.bucket, sum(x.c)::bigint AS c
                FROM (SELECT spans.jk, spans.bucket, spans.next - spans.start AS c FROM spans
                      UNION ALL
                      SELECT ek.jk, report_bucket(ek.v), 1 FROM ek WHERE \(timer)) x
                GROUP BY x.jk, x.bucket
            ),
            ranks AS (
                SELECT tally.jk, tally.bucket, (sum(tally.c) OVER w - tally.c)::bigint AS before, (sum(tally.c) OVER w)::bigint AS upto,
                       (sum(tally.c) OVER (PARTITION BY tally.jk))::bigint AS total
                FROM tally WINDOW w AS (PARTITION BY tally.jk ORDER BY tally.bucket)
            ),
            wanted AS (
                SELECT r.jk, r.i, floor(r.h)::bigint AS lo, ceil(r.h)::bigint AS hi, r.h - floor(r.h) AS part
                FROM (SELECT d.jk, f.i, (d.total - 1)::float8 * f.fraction AS h
                      FROM (SELECT DISTINCT ranks.jk, ranks.total FROM ranks) d
                      CROSS JOIN (VALUES (1, 0.5::float8), (2, 0.9::float8)) AS f(i, fraction)) r
            ),
            needed AS (
                SELECT row_number() OVER () AS nid, r.jk, r.bucket, r.before, array_agg(DISTINCT p.position) AS positions
                FROM ranks r JOIN wanted w ON w.jk = r.jk CROSS JOIN LATERAL (VALUES (w.lo), (w.hi)) AS p(position)
                WHERE p.position >= r.before AND p.position < r.upto
                GROUP BY r.jk, r.bucket, r.before
            ),
            picked AS (
                SELECT x.jk, x.position, x.v
                FROM (
                    SELECT y.jk, y.before + row_number() OVER (PARTITION BY y.nid ORDER BY y.v) - 1 AS position, y.v, y.positions
                    FROM (
                        SELECT n.nid, n.jk, n.before, n.positions, u.v
                        FROM needed n JOIN ek ON ek.jk = n.jk
                             CROSS JOIN LATERAL (SELECT array_position(ek.hb, n.bucket) AS i) AS at
                             CROSS JOIN LATERAL unnest(ek.vals[ek.hs[at.i]:coalesce(ek.hs[at.i + 1], cardinality(ek.vals) + 1) - 1]) AS u(v)
                        WHERE at.i IS NOT NULL
                        UNION ALL
                        SELECT n.nid, n.jk, n.before, n.positions, ek.v
                        FROM needed n JOIN ek ON ek.jk = n.jk AND \(timer) AND report_bucket(ek.v) = n.bucket
                    ) y
                ) x
                WHERE x.position = ANY(x.positions)
            ),
            pct AS (
                SELECT w.jk, array_agg(
                           CASE WHEN w.lo = w.hi THEN lo.v ELSE lo.v + w.part * (hi.v - lo.v) END ORDER BY w.i) AS pct
                FROM wanted w JOIN picked lo ON lo.jk = w.jk AND lo.position = w.lo
                     JOIN picked hi ON hi.jk = w.jk AND hi.position = w.hi
                GROUP BY w.jk
            )
            SELECT \((names.map { "counts.\($0)" } + ["counts.kind", "counts.n", "counts.vn", "counts.mean", "pct.pct"]
                + (1...5).map { "counts.r\($0)" }).joined(separator: ", "))
            FROM counts LEFT JOIN pct ON pct.jk = counts.jk
            """
    }

    /// Reads the columns of `aggregated(by:)` (NULL counts, from an empty bucket, are 0).
    static func figures(_ row: PostgresRow) throws -> ReportFigures {
        let cells = row.makeRandomAccess()
        func count(_ name: String) throws -> Int { try cells[name].decode(Int?.self) ?? 0 }
        func number(_ name: String) throws -> Double? { try cells[name].decode(Double?.self) }
        func timer(_ name: String) throws -> TimerFigures {
            TimerFigures(
                count: try count("\(name)_count"), mean: try number("\(name)_mean"), median: try number("\(name)_median"),
                p90: try number("\(name)_p90")
            )
        }
        var figures = ReportFigures()
        figures.conversationsCreated = try count("created")
        figures.conversationsResolved = try count("resolved")
        figures.conversationsReopened = try count("reopened")
        figures.messagesIncoming = try count("incoming")
        figures.messagesOutgoing = try count("outgoing")
        figures.missed = try count("missed")
        figures.firstResponse = try timer("first_response")
        figures.reply = try timer("reply")
        figures.resolution = try timer("resolution")
        figures.waitForAssignment = try timer("wait")
        figures.csat = CSATFigures(
            responses: try count("csat_responses"), surveysSent: try count("csat_sent"), average: try number("csat_average"),
            distribution: try (1...5).map { try count("csat_\($0)") }
        )
        figures.calls = CallFigures(
            missed: try count("calls_missed"), answered: try count("calls_answered"), outgoing: try count("calls_outgoing"),
            calledBack: try count("calls_called_back")
        )
        return figures
    }

    /// Rolled-up days (sql/0210) standing in for a report's raw events: the grouping that holds the report's
    /// filter or breakdown, which of its rows match, and what a row is keyed by (`kid`, `kname`, as in `Key`).
    struct Rollup {
        var dim: String
        var condition = "true"
        var kid = "NULL::bigint"
        var kname = "NULL::text"
        /// Business hours: the timers' rows rolled up counting office hours only.
        var business = false
        /// Which rolled-up weeks may stand for their seven days: a condition on the week `w.week`, or nil when
        /// the report needs each day apart (a series by day, the heatmap's weekdays).
        var weeks: String?

        /// nil when no grouping keeps what the report needs: two filters at once, a breakdown with a filter, or
        /// hours (`hourly`: the rollup's unit is the day).
        init?(_ query: ReportQuery, key: Key, hourly: Bool = false, weeks: String?) {
            self.weeks = weeks
            let filters = query.filters
            guard !hourly else { return nil }
            business = query.businessHours
            let set = [filters.inboxID != nil, filters.teamID != nil, filters.agentID != nil, filters.channel != nil,
                       filters.category != nil, filters.label != nil].filter { $0 }.count
            switch key {
            case .none where set > 1, .rollup:
                return nil
            case .none:
                if filters.inboxID != nil {
                    (dim, condition) = ("inbox", "r.kid = $4::bigint")
                } else if filters.teamID != nil {
                    (dim, condition) = ("team", "r.kid = $5::bigint")
                } else if filters.agentID != nil {
                    (dim, condition) = ("agent", "r.kid = $6::bigint")
                } else if filters.channel != nil {
                    (dim, condition) = ("inbox", "EXISTS (SELECT 1 FROM inboxes ri WHERE ri.id = r.kid AND ri.channel_kind = $7::text)")
                } else if filters.category != nil {
                    dim = "category"
                    condition = "(lower(r.kname) = lower($8::text) OR starts_with(lower(r.kname), lower($8::text) || '/'))"
                } else if filters.label != nil {
                    (dim, condition) = ("label", "r.kname = $9::text")
                } else {
                    dim = "all"
                }
            case .dimension(let dimension):
                guard set == 0 else { return nil }
                switch dimension {
                case .agent, .team, .inbox: (dim, kid) = (dimension.rawValue, "r.kid")
                case .channel: (dim, kname) = ("inbox", "(SELECT ri.channel_kind FROM inboxes ri WHERE ri.id = r.kid)")
                case .category, .label: (dim, kname) = (dimension.rawValue, "r.kname")
                }
            }
        }
    }

    /// Rolls up the day `$2` (= `$3`) of the account `$1`, unless it is already: the report's own events of that
    /// day, grouped six ways (the account; each inbox, team, assignee, category, label), in one statement with the
    /// `report_days` row that makes them count. The timers are rolled up twice: as they are, and counting business
    /// hours only (`business`).
    static let rollupDay: String = {
        let kinds = Set(ReportEvent.allCases).subtracting([.calls])
        let timers: Set<ReportEvent> = [.firstResponse, .resolved, .firstAssigned, .messages]
        func grouped(_ events: String, labels: Bool, business: Bool) -> String {
            let keys = labels
                ? "'label' AS dim, NULL::bigint AS kid, x.kname"
                : """
                CASE WHEN GROUPING(x.inbox_k) = 0 THEN 'inbox' WHEN GROUPING(x.team_k) = 0 THEN 'team'
                     WHEN GROUPING(x.agent_k) = 0 THEN 'agent' WHEN GROUPING(x.category_k) = 0 THEN 'category'
                     ELSE 'all' END AS dim,
                CASE WHEN GROUPING(x.inbox_k) = 0 THEN x.inbox_k WHEN GROUPING(x.team_k) = 0 THEN x.team_k
                     WHEN GROUPING(x.agent_k) = 0 THEN x.agent_k END AS kid,
                CASE WHEN GROUPING(x.category_k) = 0 THEN x.category_k END AS kname
                """
            let groups = labels
                ? "x.kname, x.kind"
                : "GROUPING SETS ((x.kind), (x.inbox_k, x.kind), (x.team_k, x.kind), (x.agent_k, x.kind), (x.category_k, x.kind))"
            return """
                SELECT \(keys), \(business) AS business, x.kind, count(*) AS n, count(x.v) AS vn, sum(x.v) AS vsum,
                       \((1...5).map { "count(*) FILTER (WHERE x.v = \($0)) AS r\($0)" }.joined(separator: ", ")),
                       array_agg(x.v ORDER BY x.v) FILTER (WHERE x.v IS NOT NULL AND x.kind IN (\(timerKinds))) AS vals,
                       array_agg(x.hour) FILTER (WHERE x.kind = 'created') AS hrs
                FROM (SELECT \(events).*, extract(hour FROM \(events).at AT TIME ZONE b.tz)::int AS hour FROM \(events) CROSS JOIN b) x
                \(business ? "WHERE x.kind IN (\(timerKinds))" : "")
                GROUP BY \(groups)
                """
        }
        return """
            WITH \(bounds),
            \(events(kinds, key: .rollup, withPrevious: false)),
            \(events(kinds, key: .dimension(.label), withPrevious: false, name: "el")),
            \(events(timers, key: .rollup, withPrevious: false, businessHours: true, name: "eb")),
            \(events(timers, key: .dimension(.label), withPrevious: false, businessHours: true, name: "ebl")),
            day AS (
                INSERT INTO report_days (account_id, day, time_zone, missed_after)
                SELECT $1, $2::date, b.tz, b.missed_after FROM b
                ON CONFLICT DO NOTHING RETURNING day
            ),
            g AS (
                \(grouped("e", labels: false, business: false))
                UNION ALL
                \(grouped("el", labels: true, business: false))
                UNION ALL
                \(grouped("eb", labels: false, business: true))
                UNION ALL
                \(grouped("ebl", labels: true, business: true))
            )
            INSERT INTO report_rollup (account_id, day, dim, business, kid, kname, kind, n, vn, vsum, r1, r2, r3, r4, r5, vals, hb, hs, hours)
            SELECT $1, $2::date, g.dim, g.business, g.kid, g.kname, g.kind, g.n, g.vn, g.vsum, g.r1, g.r2, g.r3, g.r4, g.r5, g.vals,
                   spans.hb, spans.hs,
                   CASE WHEN g.hrs IS NOT NULL THEN ARRAY(
                       SELECT (SELECT count(*) FROM unnest(g.hrs) AS x(hour) WHERE x.hour = h.hour)::int
                       FROM generate_series(0, 23) AS h(hour) ORDER BY h.hour) END
            FROM g LEFT JOIN LATERAL \(bucketStarts("g.vals")) spans ON g.vals IS NOT NULL
            WHERE EXISTS (SELECT 1 FROM day)
            """
    }()

    /// `hb` and `hs` of sorted values `vals` (sql/0210): the value buckets present, and where each starts.
    static func bucketStarts(_ vals: String) -> String {
        """
        (
            SELECT array_agg(x.bucket ORDER BY x.bucket) AS hb, array_agg(x.start ORDER BY x.bucket) AS hs
            FROM (SELECT report_bucket(u.v) AS bucket, min(u.o)::int AS start
                  FROM unnest(\(vals)) WITH ORDINALITY AS u(v, o) GROUP BY 1) x
        )
        """
    }

    /// Finished days not rolled up yet, newest first: from each account's first conversation or message to the
    /// last day that ended `missed_after` and two hours ago (no conversation of it can still become missed, and
    /// no transaction still open could change it unseen — sql/0210).
    static func daysToRollUp(limit: Int) -> String {
        """
        SELECT a.id, to_char(g.day, 'YYYY-MM-DD')
        FROM accounts a
        CROSS JOIN LATERAL (
            SELECT least((SELECT min(created_at) FROM conversations WHERE account_id = a.id),
                         (SELECT min(created_at) FROM messages WHERE account_id = a.id)) AS first_at
        ) f
        CROSS JOIN LATERAL generate_series(
            (f.first_at AT TIME ZONE a.time_zone)::date,
            ((now() - make_interval(mins => a.missed_after_minutes) - interval '2 hours') AT TIME ZONE a.time_zone)::date - 1,
            interval '1 day') AS g(day)
        WHERE f.first_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM report_days d WHERE d.account_id = a.id AND d.day = g.day::date)
        ORDER BY g.day DESC, a.id
        LIMIT \(limit)
        """
    }

    /// Weeks whose seven days are rolled up and that are not yet, newest first (their Mondays).
    static func weeksToRollUp(limit: Int) -> String {
        """
        SELECT d.account_id, to_char(d.day, 'YYYY-MM-DD') FROM report_days d
        WHERE extract(isodow FROM d.day) = 1
          AND (SELECT count(*) FROM report_days x WHERE x.account_id = d.account_id AND x.day BETWEEN d.day AND d.day + 6) = 7
          AND NOT EXISTS (SELECT 1 FROM report_weeks w WHERE w.account_id = d.account_id AND w.week = d.day)
        ORDER BY d.day DESC, d.account_id
        LIMIT \(limit)
        """
    }

    /// Rolls up the week starting on Monday `$2` of the account `$1` from its seven rolled-up days, unless it
    /// is already: counts and sums added, values merged in order, conversations per hour added.
    static let rollupWeek = """
        WITH week AS (
            INSERT INTO report_weeks (account_id, week) VALUES ($1, $2::date) ON CONFLICT DO NOTHING RETURNING week
        ),
        r AS (SELECT r.* FROM report_rollup r WHERE r.account_id = $1 AND r.day BETWEEN $2::date AND $2::date + 6),
        totals AS (
            SELECT r.dim, r.business, r.kid, r.kname, r.kind, ROW(r.dim, r.business, r.kid, r.kname, r.kind)::text AS g,
                   sum(r.n) AS n, sum(r.vn) AS vn, sum(r.vsum) AS vsum,
                   \((1...5).map { "sum(r.r\($0)) AS r\($0)" }.joined(separator: ", "))
            FROM r GROUP BY r.dim, r.business, r.kid, r.kname, r.kind
        ),
        merged AS (
            SELECT ROW(r.dim, r.business, r.kid, r.kname, r.kind)::text AS g, array_agg(u.v ORDER BY u.v) AS vals
            FROM r CROSS JOIN LATERAL unnest(r.vals) AS u(v) GROUP BY 1
        ),
        hours AS (
            SELECT x.g, array_agg(x.n ORDER BY x.o) AS hours
            FROM (SELECT ROW(r.dim, r.business, r.kid, r.kname, r.kind)::text AS g, h.o, sum(h.n)::int AS n
                  FROM r CROSS JOIN LATERAL unnest(r.hours) WITH ORDINALITY AS h(n, o) GROUP BY 1, 2) x
            GROUP BY x.g
        )
        INSERT INTO report_rollup_weeks (account_id, week, dim, business, kid, kname, kind, n, vn, vsum, r1, r2, r3, r4, r5, vals, hb, hs, hours)
        SELECT $1, $2::date, t.dim, t.business, t.kid, t.kname, t.kind, t.n, t.vn, t.vsum, t.r1, t.r2, t.r3, t.r4, t.r5, m.vals,
               spans.hb, spans.hs, h.hours
        FROM totals t LEFT JOIN merged m ON m.g = t.g LEFT JOIN hours h ON h.g = t.g
             LEFT JOIN LATERAL \(bucketStarts("m.vals")) spans ON m.vals IS NOT NULL
        WHERE EXISTS (SELECT 1 FROM week)
        """
}

extension ReportEvent {
    /// The `kind`s of `report_rollup` rows (and of events) this event is counted as.
    var rollupKinds: [String] {
        switch self {
        case .created: ["created"]
        case .resolved: ["resolved"]
        case .reopened: ["reopened"]
        case .firstResponse: ["first_response"]
        case .firstAssigned: ["assigned"]
        case .rated: ["rated"]
        case .surveySent: ["survey"]
        case .messages: ["in", "out"]
        case .calls: []
        }
    }
}
