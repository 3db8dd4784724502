import Foundation
import SwitchboardCore

/// How often callers may come, per minute, across all serve processes together (see `ProcessCensus`).
/// The public pages have limits by default (anyone may call them); the API and platform webhooks do
/// not, since integrations and platforms legitimately send bursts: operators set those to taste.
public struct RateLimits: Sendable {
    /// Per token (or console session) on `/api/v1`; 0 is no limit (`SWITCHBOARD_API_RATE_PER_MINUTE`).
    public var apiPerMinute = 0
    /// Per inbox on `/webhooks/{uid}`; 0 is no limit (`SWITCHBOARD_WEBHOOK_RATE_PER_MINUTE`).
    public var webhooksPerMinute = 0
    /// Per client address on the rating pages (`SWITCHBOARD_RATING_RATE_PER_MINUTE`, default 30).
    public var ratingPagesPerMinute = 30

    public init(apiPerMinute: Int = 0, webhooksPerMinute: Int = 0, ratingPagesPerMinute: Int = 30) {
        self.apiPerMinute = apiPerMinute
        self.webhooksPerMinute = webhooksPerMinute
        self.ratingPagesPerMinute = ratingPagesPerMinute
    }

    /// The limits from the environment; a value that is not a whole number from 0 to 1,000,000 is named.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RateLimits {
        var limits = RateLimits()
        func read(_ name: String, into value: inout Int) throws {
            guard let text = environment[name] else { return }
            guard let number = Int(text), (0...1_000_000).contains(number) else {
                throw RateLimitSettingError(message: "\(name) must be a whole number of requests a minute from 0 to 1000000 (got '\(text)')")
            }
            value = number
        }
        try read("SWITCHBOARD_API_RATE_PER_MINUTE", into: &limits.apiPerMinute)
        try read("SWITCHBOARD_WEBHOOK_RATE_PER_MINUTE", into: &limits.webhooksPerMinute)
        try read("SWITCHBOARD_RATING_RATE_PER_MINUTE", into: &limits.ratingPagesPerMinute)
        return limits
    }
}

public struct RateLimitSettingError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
