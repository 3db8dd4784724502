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

        var columns: String {
            switch self {
            case .none: "NULL::bigint AS kid, NULL::text AS kname"
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
    static func events(
        _ kinds: Set<ReportEvent>, key: Key, withPrevious: Bool, businessHours: Bool = false, filtered: Bool = true
    ) -> String {
        let start = withPrevious ? "b.plo" : "b.lo"
        var bare = !filtered && !businessHours
        if case .dimension = key { bare = false }
        let conversations = bare ? "FROM conversations c CROSS JOIN b" : "FROM conversations c JOIN inboxes i ON i.id = c.inbox_id \(key.join) CROSS JOIN b"
        let conditions = bare ? "c.account_id = $1 AND \(unfiltered)" : filter
        func branch(_ at: String, _ kind: String, _ value: String, _ extra: String = "") -> String {
            """
            SELECT \(at) AS at, '\(kind)'::text AS kind, (\(value))::float8 AS v, \(key.columns)
            \(conversations)
            WHERE \(conditions) AND \(at) >= \(start) AND \(at) < b.hi\(extra)
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
                    SELECT j.finished_at AS at, 'survey'::text AS kind, NULL::float8 AS v, \(key.columns)
                    FROM automation_jobs j CROSS JOIN b
                    WHERE j.account_id = $1 AND j.kind = 'csat' AND j.status = 'done'
                      AND j.finished_at >= \(start) AND j.finished_at < b.hi AND \(unfiltered)
                    """
                )
            case .surveySent:
                branches.append(
                    """
                    SELECT j.finished_at AS at, 'survey'::text AS kind, NULL::float8 AS v, \(key.columns)
                    FROM automation_jobs j JOIN conversations c ON c.id = j.conversation_id JOIN inboxes i ON i.id = c.inbox_id
                         \(key.join) CROSS JOIN b
                    WHERE j.account_id = $1 AND j.kind = 'csat' AND j.status = 'done'
                      AND j.finished_at >= \(start) AND j.finished_at < b.hi AND \(filter)
                    """
                )
            case .messages where bare:
                branches.append(
                    """
                    SELECT m.created_at AS at, CASE WHEN m.direction = 'in' THEN 'in' ELSE 'out' END AS kind,
                           m.reply_seconds AS v, \(key.columns)
                    FROM messages m CROSS JOIN b
                    WHERE m.account_id = $1 AND NOT m.private AND m.created_at >= \(start) AND m.created_at < b.hi
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
                           \(reply) AS v, \(key.columns)
                    FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN inboxes i ON i.id = c.inbox_id
                         \(key.join) CROSS JOIN b
                    WHERE m.account_id = $1 AND NOT m.private AND m.created_at >= \(start) AND m.created_at < b.hi
                      AND \(filter)
                    """
                )
            case .calls:
                branches.append(contentsOf: callBranches(key: key, start: start))
            }
        }
        if branches.isEmpty { branches.append(branch("c.created_at", "none", "NULL", " AND false")) }
        return "e AS (\n" + branches.joined(separator: "\nUNION ALL\n") + "\n)"
    }

    /// Phone calls (sql/0100), each by the moment it counts at, in the conversation it landed in (its key and
    /// filters; an outgoing call nobody answered has none). A missed call's v is 1 when it was called back:
    /// after its hang-up the caller's number got an outgoing call (answered or not) on any of the account's
    /// phone inboxes, or the caller an agent's public reply in any of their conversations.
    static func callBranches(key: Key, start: String) -> [String] {
        func branch(_ at: String, _ kind: String, _ value: String, _ condition: String) -> String {
            """
            SELECT \(at) AS at, '\(kind)'::text AS kind, (\(value))::float8 AS v, \(key.columns)
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
    /// `online` (sql/0130). Each change holds until the agent's next one; only the last change before the
    /// period and those inside it are read, so an agent online across the period's start (midnight in the
    /// account's zone, for a day) counts only the part inside it.
    static let online = """
        online AS (
            SELECT s.agent_id, sum(extract(epoch FROM least(s.until, b.hi, now()) - greatest(s.changed_at, b.lo)))::float8 AS seconds
            FROM (
                SELECT x.agent_id, x.availability, x.changed_at,
                       lead(x.changed_at) OVER (PARTITION BY x.agent_id ORDER BY x.changed_at, x.id) AS until
                FROM agent_availability_changes x CROSS JOIN b
                WHERE x.account_id = $1 AND ($6::bigint IS NULL OR x.agent_id = $6::bigint) AND x.changed_at < b.hi
                  AND x.changed_at >= coalesce((
                      SELECT max(p.changed_at) FROM agent_availability_changes p
                      WHERE p.account_id = $1 AND p.agent_id = x.agent_id AND p.changed_at <= b.lo), '-infinity')
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
    static func aggregated(by keys: [(expression: String, name: String)]) -> String {
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
            FROM (
                SELECT \((inner + ["e.kind"]).joined(separator: ", ")), count(*) AS n, count(e.v) AS vn, avg(e.v) AS mean,
                       percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY e.v)
                           FILTER (WHERE e.kind IN ('first_response', 'out', 'resolved', 'assigned')) AS pct,
                       \((1...5).map { "count(*) FILTER (WHERE e.v = \($0)) AS r\($0)" }.joined(separator: ", "))
                FROM e CROSS JOIN b
                GROUP BY \((keys.map(\.expression) + ["e.kind"]).joined(separator: ", "))
            ) k
            \(names.isEmpty ? "" : "GROUP BY " + names.joined(separator: ", "))
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
}
