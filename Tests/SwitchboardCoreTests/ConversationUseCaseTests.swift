import Foundation
import Synchronization
import SwitchboardCore
import Testing

/// The decisions of replies and conversation changes, over an in-memory transaction: which steps run,
/// and what must follow the commit. The SQL of each step is tested against PostgreSQL elsewhere.
@Suite struct ConversationUseCaseTests {
    @Test func aPublicReplyIsQueuedStampedAndWaitsForTheContact() async throws {
        let store = FakeConversationStore(state: .open)
        let outcome = try await ReplyToConversation(store: store)(
            conversationID: 7, accountID: 1, NewReply(content: "Hi", isPrivate: false, agentID: 3, templateID: 9)
        )
        #expect(outcome.effects == [.wakeDelivery])
        #expect(store.steps == ["lock 7", "insert Hi", "files 9", "enqueue", "replied", "wait"])
    }

    @Test func aNoteStaysInside() async throws {
        let store = FakeConversationStore(state: .open)
        let outcome = try await ReplyToConversation(store: store)(
            conversationID: 7, accountID: 1, NewReply(content: "note", isPrivate: true, agentID: 3)
        )
        #expect(outcome.effects.isEmpty)
        #expect(store.steps == ["lock 7", "insert note"])
    }

    @Test func aDeletedInboxTakesNotesButNoReplies() async throws {
        let store = FakeConversationStore(state: .open, inboxDeleted: true)
        await #expect(throws: SwitchboardError.self) {
            try await ReplyToConversation(store: store)(
                conversationID: 7, accountID: 1, NewReply(content: "Hi", isPrivate: false, agentID: 3)
            )
        }
        #expect(!store.steps.contains("insert Hi"))
        _ = try await ReplyToConversation(store: store)(conversationID: 7, accountID: 1, NewReply(content: "n", isPrivate: true, agentID: 3))
        #expect(store.steps.contains("insert n"))
    }

    @Test func resolvingQueuesTheFarewellAuditsAndHandsOutTheQueue() async throws {
        let store = FakeConversationStore(state: .open)
        let outcome = try await UpdateConversation(store: store)(
            conversationID: 7, accountID: 1, ConversationChange(status: .resolved), actorID: 3
        )
        #expect(outcome.value)
        #expect(outcome.effects == [.assignWaiting(accountID: 1)])
        #expect(store.steps.contains("farewell"))
        #expect(store.steps.last == "audit conversation.updated {\"status\":\"resolved\"}")
    }

    @Test func aLabelChangeFreesNobody() async throws {
        let store = FakeConversationStore(state: .open)
        let outcome = try await UpdateConversation(store: store)(
            conversationID: 7, accountID: 1, ConversationChange(labels: ["urgent"]), actorID: 3
        )
        #expect(outcome.effects.isEmpty)
        #expect(!store.steps.contains("farewell"))
    }

    @Test func unknownReferencesAreNamedAndNothingIsWritten() async throws {
        let store = FakeConversationStore(state: .open)
        do {
            _ = try await UpdateConversation(store: store)(
                conversationID: 7, accountID: 1, ConversationChange(assigneeID: .some(404), teamID: .some(405), category: .some("Nope")),
                actorID: 3
            )
            Issue.record("expected a validation error")
        } catch SwitchboardError.invalid(let errors) {
            #expect(errors.map(\.field) == ["assignee_id", "team_id", "category"])
        }
        #expect(!store.steps.contains { $0.hasPrefix("apply") || $0.hasPrefix("audit") })
    }

    @Test func aCategoryIsStoredAsTheListSpellsIt() async throws {
        let store = FakeConversationStore(state: .open)
        _ = try await UpdateConversation(store: store)(
            conversationID: 7, accountID: 1, ConversationChange(category: .some("legal/housing")), actorID: 3
        )
        #expect(store.steps.contains("apply category=Legal/Housing"))
    }

    @Test func aMissingConversationIsNoChange() async throws {
        let store = FakeConversationStore(state: nil)
        let outcome = try await UpdateConversation(store: store)(
            conversationID: 7, accountID: 1, ConversationChange(status: .resolved), actorID: 3
        )
        #expect(!outcome.value)
        #expect(outcome.effects.isEmpty)
    }
}

/// One conversation in memory; every step the use case takes is recorded as a line.
final class FakeConversationStore: ConversationChangeStore, ConversationTransaction, Sendable {
    private struct State {
        var status: ConversationStatus?
        var category: String?
        var steps: [String] = []
    }
    private let state: Mutex<State>
    private let inboxDeleted: Bool

    init(state status: ConversationStatus?, inboxDeleted: Bool = false) {
        state = Mutex(State(status: status))
        self.inboxDeleted = inboxDeleted
    }

    var steps: [String] { state.withLock { $0.steps } }
    private func record(_ step: String) { state.withLock { $0.steps.append(step) } }
    private var current: ConversationState? {
        state.withLock { state in
            state.status.map {
                ConversationState(status: $0, assigneeID: nil, teamID: nil, priority: .none, labels: [], category: state.category)
            }
        }
    }

    func withConversationTransaction<T: Sendable>(_ body: @Sendable (any ConversationTransaction) async throws -> T) async throws -> T {
        try await body(self)
    }

    func rulesAndFacts(accountID: Int64, conversationID: Int64, inbox: Inbox, messageContent: String?, now: Date) async throws
        -> (rules: [Rule], facts: RuleFacts)?
    { nil }
    func applyRuleActions(_ actions: [RuleAction], of rule: Rule, conversationID: Int64, inbox: Inbox) async throws -> RuleEffects {
        RuleEffects()
    }

    func lockConversation(id: Int64, accountID: Int64) async throws -> LockedConversation? {
        record("lock \(id)")
        return current.map { LockedConversation(state: $0, inboxID: 2, inboxDeleted: inboxDeleted) }
    }
    func agentExists(id: Int64, accountID: Int64) async throws -> Bool { id < 100 }
    func teamExists(id: Int64, accountID: Int64) async throws -> Bool { id < 100 }
    func categoryPath(_ path: String, accountID: Int64) async throws -> String? {
        path.lowercased() == "legal/housing" ? "Legal/Housing" : nil
    }
    func inbox(id: Int64) async throws -> Inbox? { nil }
    func applyChange(_ change: ConversationChange, to conversationID: Int64) async throws -> ConversationState {
        state.withLock { state in
            if let status = change.status { state.status = status }
            if let category = change.category { state.category = category }
            state.steps.append("apply" + (change.category.map { " category=\($0 ?? "nil")" } ?? ""))
        }
        return current!
    }
    func state(of conversationID: Int64) async throws -> ConversationState? { current }
    func queueFarewell(conversationID: Int64) async throws { record("farewell") }
    func insertAgentMessage(_ reply: NewReply, conversationID: Int64, inboxID: Int64, accountID: Int64) async throws -> Int64 {
        record("insert \(reply.content)")
        return 99
    }
    func attachTemplateFiles(templateID: Int64, messageID: Int64, accountID: Int64) async throws { record("files \(templateID)") }
    func attachFiles(_ files: [OutboundAttachment], messageID: Int64, accountID: Int64) async throws { record("attach \(files.count)") }
    func enqueueDelivery(messageID: Int64, inboxID: Int64, accountID: Int64) async throws { record("enqueue") }
    func recordPublicReply(messageID: Int64, conversationID: Int64) async throws { record("replied") }
    func startWaitingForContact(conversationID: Int64) async throws { record("wait") }
    func audit(accountID: Int64, actorID: Int64?, action: String, subjectType: String, subjectID: Int64, data: [String: JSONValue])
        async throws
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        record("audit \(action) \(String(decoding: try encoder.encode(data), as: UTF8.self))")
    }
}
