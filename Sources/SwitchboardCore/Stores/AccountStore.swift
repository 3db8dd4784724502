import Foundation

/// A partial update of an account's settings; the outer optional says whether to change a field, the
/// inner one clears it.
public struct AccountChange: Sendable, Equatable {
    public var name: String?
    public var timeZone: String?
    public var defaultLanguage: String??
    public var autoResolveIdleMinutes: Int??
    public var missedAfterMinutes: Int?
    /// Replaces all three limits when given.
    public var retention: RetentionSettings?

    public init(
        name: String? = nil, timeZone: String? = nil, defaultLanguage: String?? = nil, autoResolveIdleMinutes: Int?? = nil,
        missedAfterMinutes: Int? = nil, retention: RetentionSettings? = nil
    ) {
        self.retention = retention
        self.name = name
        self.timeZone = timeZone
        self.defaultLanguage = defaultLanguage
        self.autoResolveIdleMinutes = autoResolveIdleMinutes
        self.missedAfterMinutes = missedAfterMinutes
    }
}

/// The organization's own settings, which every inbox and template of it shares.
public protocol AccountStore: Sendable {
    func account(id: Int64) async throws -> Account?
    func updateAccount(id: Int64, _ change: AccountChange) async throws -> Account?
}
