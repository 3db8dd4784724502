import Foundation

public struct NewInbox: Sendable, Equatable {
    public var name: String
    public var kind: ChannelKind
    public var config: [String: JSONValue]
    public var teamID: Int64?
    public var greetingTemplateID: Int64?
    public var assignment: AssignmentSettings
    public var automations: InboxAutomations
    public var escalationTeamIDs: [Int64]
    public var intake: IntakeQuestionnaire?
    public var botEndpointID: Int64?

    public init(
        name: String, kind: ChannelKind, config: [String: JSONValue], teamID: Int64?, greetingTemplateID: Int64?,
        assignment: AssignmentSettings = .off, automations: InboxAutomations = InboxAutomations(),
        escalationTeamIDs: [Int64] = [], intake: IntakeQuestionnaire? = nil, botEndpointID: Int64? = nil
    ) {
        self.botEndpointID = botEndpointID
        self.intake = intake
        self.escalationTeamIDs = escalationTeamIDs
        self.automations = automations
        self.assignment = assignment
        self.name = name
        self.kind = kind
        self.config = config
        self.teamID = teamID
        self.greetingTemplateID = greetingTemplateID
    }
}

/// A partial update. `config` keys are merged into the stored config (a null value removes a key);
/// the outer optional of `teamID`/`greetingTemplateID` says whether to change it, the inner one clears it.
public struct InboxChange: Sendable, Equatable {
    public var name: String?
    public var config: [String: JSONValue]?
    public var teamID: Int64??
    public var greetingTemplateID: Int64??
    public var assignment: AssignmentSettings?
    public var automations: InboxAutomations?
    public var escalationTeamIDs: [Int64]?
    /// Outer optional: whether to change it; inner nil removes the questionnaire (running intakes end).
    public var intake: IntakeQuestionnaire??
    /// Outer optional: whether to change it; inner nil removes the bot (its running conversations open).
    public var botEndpointID: Int64??

    public init(
        name: String? = nil, config: [String: JSONValue]? = nil, teamID: Int64?? = nil, greetingTemplateID: Int64?? = nil,
        assignment: AssignmentSettings? = nil, automations: InboxAutomations? = nil, escalationTeamIDs: [Int64]? = nil,
        intake: IntakeQuestionnaire?? = nil, botEndpointID: Int64?? = nil
    ) {
        self.botEndpointID = botEndpointID
        self.intake = intake
        self.escalationTeamIDs = escalationTeamIDs
        self.automations = automations
        self.assignment = assignment
        self.name = name
        self.config = config
        self.teamID = teamID
        self.greetingTemplateID = greetingTemplateID
    }
}

public protocol InboxStore: Sendable {
    func inboxes(accountID: Int64) async throws -> [Inbox]
    /// Includes deleted inboxes, whose conversations stay readable.
    func inbox(id: Int64, accountID: Int64) async throws -> Inbox?
    /// Only live inboxes: what public endpoints accept posts for.
    func liveInbox(uid: String) async throws -> Inbox?
    func createInbox(accountID: Int64, uid: String, _ inbox: NewInbox) async throws -> Inbox
    func updateInbox(id: Int64, accountID: Int64, _ change: InboxChange) async throws -> Inbox?
    func deleteInbox(id: Int64, accountID: Int64) async throws -> Bool
    func teamExists(id: Int64, accountID: Int64) async throws -> Bool
    func templateExists(id: Int64, accountID: Int64) async throws -> Bool
    /// Mail a mailbox poller skipped, newest first.
    func refusedMail(inboxID: Int64, accountID: Int64, limit: Int) async throws -> [RefusedMail]
}
