/// One timer over a set of conversations or replies, in seconds: how many, their mean, median and 90th
/// percentile (continuous, as PostgreSQL's `percentile_cont`). Nil figures when nothing was timed.
public struct TimerFigures: Sendable, Equatable {
    public var count: Int
    public var mean: Double?
    public var median: Double?
    public var p90: Double?

    public init(count: Int = 0, mean: Double? = nil, median: Double? = nil, p90: Double? = nil) {
        self.count = count
        self.mean = mean
        self.median = median
        self.p90 = p90
    }
}

/// Satisfaction survey results: `distribution[0]` is how many rated 1, … `distribution[4]` how many rated 5.
public struct CSATFigures: Sendable, Equatable {
    public var responses: Int
    public var surveysSent: Int
    public var average: Double?
    public var distribution: [Int]

    public init(responses: Int = 0, surveysSent: Int = 0, average: Double? = nil, distribution: [Int] = [0, 0, 0, 0, 0]) {
        self.responses = responses
        self.surveysSent = surveysSent
        self.average = average
        self.distribution = distribution
    }

    /// Responses per survey sent; nil when none was sent.
    public var responseRate: Double? { surveysSent > 0 ? Double(responses) / Double(surveysSent) : nil }

    /// The share of responses that rated 4 or 5; nil without responses.
    public var satisfaction: Double? {
        guard responses > 0, distribution.count == 5 else { return nil }
        return Double(distribution[3] + distribution[4]) / Double(responses)
    }
}

/// Phone calls (a `phone` inbox's): incoming calls missed and answered, outgoing calls, and how many of the
/// missed ones were called back. See the README's definitions.
public struct CallFigures: Sendable, Equatable {
    /// Incoming calls that ended with no `answered`, by their hang-up.
    public var missed: Int
    /// Incoming calls answered, by their answer.
    public var answered: Int
    /// Outgoing calls placed, answered or not, by their first event.
    public var outgoing: Int
    /// Of `missed`, those whose caller then got an outgoing call or an agent's public reply.
    public var calledBack: Int

    public init(missed: Int = 0, answered: Int = 0, outgoing: Int = 0, calledBack: Int = 0) {
        self.missed = missed
        self.answered = answered
        self.outgoing = outgoing
        self.calledBack = calledBack
    }
}

/// Every figure of one period (or one row of a breakdown). Each figure counts what happened in the period:
/// conversations created (and of those, missed), resolved, reopened; messages sent and received; each
/// timer where it ends (a first response in the period, a resolution in the period, …). See the README's
/// definitions.
public struct ReportFigures: Sendable, Equatable {
    public var conversationsCreated = 0
    public var conversationsResolved = 0
    public var conversationsReopened = 0
    public var messagesIncoming = 0
    public var messagesOutgoing = 0
    public var missed = 0
    public var firstResponse = TimerFigures()
    public var reply = TimerFigures()
    public var resolution = TimerFigures()
    public var waitForAssignment = TimerFigures()
    public var csat = CSATFigures()
    public var calls = CallFigures()

    public init() {}

    /// The value a time series plots for `metric`: a count, or a timer's median.
    public func value(of metric: ReportMetric) -> Double? {
        switch metric {
        case .conversationsCreated: Double(conversationsCreated)
        case .conversationsResolved: Double(conversationsResolved)
        case .conversationsReopened: Double(conversationsReopened)
        case .messagesIncoming: Double(messagesIncoming)
        case .messagesOutgoing: Double(messagesOutgoing)
        case .missed: Double(missed)
        case .firstResponseSeconds: firstResponse.median
        case .replySeconds: reply.median
        case .resolutionSeconds: resolution.median
        case .waitForAssignmentSeconds: waitForAssignment.median
        case .csatResponses: Double(csat.responses)
        case .csatAverage: csat.average
        case .callsMissed: Double(calls.missed)
        case .callsAnswered: Double(calls.answered)
        case .callsOutgoing: Double(calls.outgoing)
        case .callsCalledBack: Double(calls.calledBack)
        }
    }
}

/// What a time series can plot: every count, the median of every timer, and the survey's figures.
public enum ReportMetric: String, Sendable, CaseIterable {
    case conversationsCreated = "conversations_created"
    case conversationsResolved = "conversations_resolved"
    case conversationsReopened = "conversations_reopened"
    case messagesIncoming = "messages_incoming"
    case messagesOutgoing = "messages_outgoing"
    case missed
    case firstResponseSeconds = "first_response_seconds"
    case replySeconds = "reply_seconds"
    case resolutionSeconds = "resolution_seconds"
    case waitForAssignmentSeconds = "wait_for_assignment_seconds"
    case csatResponses = "csat_responses"
    case csatAverage = "csat_average"
    case callsMissed = "calls_missed"
    case callsAnswered = "calls_answered"
    case callsOutgoing = "calls_outgoing"
    case callsCalledBack = "calls_called_back"

    /// The events the store must read to compute this metric (fewer events, less work).
    public var events: Set<ReportEvent> {
        switch self {
        case .conversationsCreated, .missed: [.created]
        case .conversationsResolved, .resolutionSeconds: [.resolved]
        case .conversationsReopened: [.reopened]
        case .messagesIncoming, .messagesOutgoing, .replySeconds: [.messages]
        case .firstResponseSeconds: [.firstResponse]
        case .waitForAssignmentSeconds: [.firstAssigned]
        case .csatResponses, .csatAverage: [.rated]
        case .callsMissed, .callsAnswered, .callsOutgoing, .callsCalledBack: [.calls]
        }
    }
}

/// The stamped moments reports count, each read by its own time.
public enum ReportEvent: Sendable, Hashable, CaseIterable {
    case created, resolved, reopened, firstResponse, firstAssigned, rated, surveySent, messages, calls
}

/// Buckets of a time series, in the account's time zone (weeks start on Monday).
public enum TimeBucket: String, Sendable, CaseIterable {
    case hour, day, week, month
}

/// What a breakdown has one row per.
public enum BreakdownDimension: String, Sendable, CaseIterable {
    case agent, team, inbox, channel, label, category
}
