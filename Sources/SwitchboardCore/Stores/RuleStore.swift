import Foundation

public struct NewRule: Sendable, Equatable {
    public var name: String
    /// Where it goes in the order; nil puts it last.
    public var position: Int?
    public var enabled: Bool
    public var definition: RuleDefinition

    public init(name: String, position: Int?, enabled: Bool, definition: RuleDefinition) {
        self.name = name
        self.position = position
        self.enabled = enabled
        self.definition = definition
    }
}

public struct RuleChange: Sendable, Equatable {
    public var name: String?
    public var position: Int?
    public var enabled: Bool?
    public var definition: RuleDefinition?

    public init(name: String? = nil, position: Int? = nil, enabled: Bool? = nil, definition: RuleDefinition? = nil) {
        self.name = name
        self.position = position
        self.enabled = enabled
        self.definition = definition
    }
}

/// The account's rules, in evaluation order (position, then id).
public protocol RuleStore: Sendable {
    func rules(accountID: Int64) async throws -> [Rule]
    func rule(id: Int64, accountID: Int64) async throws -> Rule?
    func createRule(accountID: Int64, _ rule: NewRule) async throws -> Rule
    func updateRule(id: Int64, accountID: Int64, _ change: RuleChange) async throws -> Rule?
    func deleteRule(id: Int64, accountID: Int64) async throws -> Bool
    /// Whether the team, agent or template (`kind`) exists in the account.
    func referenceExists(kind: String, id: Int64, accountID: Int64) async throws -> Bool
}
