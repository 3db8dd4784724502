import Foundation
import Logging
import Metrics

/// What ingesting one event produced. A retried delivery gets the first result back with `duplicate` set.
public struct IngestResult: Sendable, Equatable {
    public var contactID: Int64
    public var conversationID: Int64
    public var messageID: Int64
    public var duplicate: Bool
    public var conversationCreated: Bool
    /// The sender was new and got an anonymous name: a connector may look the name up afterwards.
    public var contactNamedAnonymously: Bool

    public init(
        contactID: Int64, conversationID: Int64, messageID: Int64, duplicate: Bool, conversationCreated: Bool,
        contactNamedAnonymously: Bool = false
    ) {
        self.contactNamedAnonymously = contactNamedAnonymously
        self.contactID = contactID
        self.conversationID = conversationID
        self.messageID = messageID
        self.duplicate = duplicate
        self.conversationCreated = conversationCreated
    }
}

/// The conversation a contact's message may join.
public struct ActiveConversation: Sendable, Equatable {
    public var id: Int64
    public var status: ConversationStatus
    /// The inbox the conversation belongs to (a web form's conversation may be continued by mail).
    public var inboxID: Int64?
    /// Its agent, read with the row lock: a message to a conversation that has one needs no assignment.
    public var assigneeID: Int64?

    public init(id: Int64, status: ConversationStatus, inboxID: Int64? = nil, assigneeID: Int64? = nil) {
        self.id = id
        self.status = status
        self.inboxID = inboxID
        self.assigneeID = assigneeID
    }
}

/// The steps of ingest, all inside one database transaction. The pipeline decides; the store only does.
public protocol IngestTransaction: IntakeTransaction {
    /// Serializes everything one sender sends to one inbox, so concurrent retries and messages cannot race.
    func lockSender(inboxID: Int64, senderExternalID: String) async throws
    /// Everything a message's ingest reads before it decides, in one round trip (see `SenderLookup`).
    /// `senderExternalIDs` are tried in order; `chat` also looks for the contact's active conversation.
    func lookUp(inboxID: Int64, externalID: String, senderExternalIDs: [String], chat: Bool) async throws -> SenderLookup
    func findContact(inboxID: Int64, senderExternalID: String) async throws -> Int64?
    /// Creates the contact and its identity on this inbox's channel; returns the contact id.
    func createContact(inbox: Inbox, sender: InboundSender, name: String?, attributes: [String: JSONValue]) async throws -> Int64
    /// Gives the contact each of these ids on this inbox that no one has yet (a person's phone number and
    /// user id both lead to them from now on).
    func linkIdentities(inbox: Inbox, contactID: Int64, externalIDs: [String]) async throws
    func renameContact(id: Int64, name: String) async throws
    /// Fills what the contact lacks (email, phone, language, name when anonymous) and merges attributes.
    func enrichContact(id: Int64, sender: InboundSender, attributes: [String: JSONValue]) async throws
    func findActiveConversation(inboxID: Int64, contactID: Int64) async throws -> ActiveConversation?
    /// The account's conversation holding a message whose platform id is one of `references`
    /// (the first that matches, in the order given), locked for the rest of the transaction.
    func findConversation(referencing references: [String], accountID: Int64) async throws -> ActiveConversation?
    /// The contact's unresolved mail conversation on this inbox with this subject key and a message since `since`.
    func findConversation(subjectKey: String, inboxID: Int64, contactID: Int64, since: Date) async throws -> ActiveConversation?
    func reopenConversation(id: Int64) async throws
    /// `threadKey` marks a mail thread (a contact may have many open at once); nil for chats.
    func openConversation(inbox: Inbox, contactID: Int64, subject: String?, threadKey: String?) async throws -> Int64
    /// Stores the message and makes it the conversation's last. With `contactAnswered`, whatever waited for
    /// the contact's answer (an inactivity reminder, an auto-resolve) is off, in the same statement.
    func insertIncomingMessage(
        inbox: Inbox, conversationID: Int64, contactID: Int64, event: InboundEvent, contactAnswered: Bool
    ) async throws -> Int64
    /// The contact's resolved conversation on this inbox whose satisfaction survey went out within the
    /// inbox's window and is not answered yet.
    func findConversationAwaitingRating(inboxID: Int64, contactID: Int64) async throws -> Int64?
    func recordRating(conversationID: Int64, _ reply: SatisfactionReply) async throws
}

/// What the store knows of a message before it is ingested. Read at once because every message asks
/// all of it, and each round trip to the database costs the server more than the reading does.
public struct SenderLookup: Sendable, Equatable {
    /// The earlier ingest of the same platform message: a retried delivery.
    public var ingested: IngestResult?
    /// The contact the first of the sender's ids that is known leads to.
    public var contactID: Int64?
    /// That contact's unresolved chat conversation in the inbox, locked (asked for chats only).
    public var activeConversation: ActiveConversation?

    public init(ingested: IngestResult? = nil, contactID: Int64? = nil, activeConversation: ActiveConversation? = nil) {
        self.ingested = ingested
        self.contactID = contactID
        self.activeConversation = activeConversation
    }
}

public protocol IngestStore: Sendable {
    /// Runs `body` in one transaction: all of it is committed, or none of it.
    func withIngestTransaction<T: Sendable>(_ body: @Sendable (any IngestTransaction) async throws -> T) async throws -> T
}

/// Names contacts the channel did not name, so every request has a contact people can refer to.
public enum ContactNaming {
    public static func anonymous(contactID: Int64) -> String { "Anonymous #\(contactID)" }

    /// Whether the name is one we made up, not one the person gave.
    public static func isAnonymous(_ name: String) -> Bool {
        guard name.hasPrefix("Anonymous #") else { return false }
        let digits = name.dropFirst("Anonymous #".count)
        return !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
    }

    /// The name to store: the channel's, trimmed, unless it is empty.
    public static func given(_ sender: InboundSender) -> String? {
        guard let name = sender.name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else { return nil }
        return name
    }
}

/// The core flow's first half: one inbound event becomes a stored message in the right conversation,
/// in one transaction. Callers acknowledge the platform only after `ingest` returns.
public struct IngestPipeline: Sendable {
    let store: any IngestStore
    let logger: Logger
    /// The time rules see (office hours); tests pass their own.
    let now: @Sendable () -> Date

    public init(
        store: any IngestStore, logger: Logger = Logger(label: "switchboard.ingest"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.logger = logger
        self.now = now
    }

    public func ingest(_ event: InboundEvent, into inbox: Inbox) async throws -> IngestResult {
        let event = event.storable
        try Self.validate(event)
        let started = ContinuousClock.now
        let moment = now()
        let result = try await store.withIngestTransaction { tx in
            try await Self.ingest(event, into: inbox, at: moment, tx)
        }
        Timer(label: "switchboard_ingest_duration", dimensions: [("channel", inbox.kind.rawValue)])
            .record(duration: started.duration(to: .now))
        Counter(
            label: "switchboard_ingested_total",
            dimensions: [("channel", inbox.kind.rawValue), ("duplicate", String(result.duplicate))]
        ).increment()
        logger.info(
            "ingested",
            metadata: [
                "inbox_id": "\(inbox.id)", "conversation_id": "\(result.conversationID)",
                "message_id": "\(result.messageID)", "duplicate": "\(result.duplicate)",
            ]
        )
        return result
    }

    /// An answer to the satisfaction survey joins the resolved conversation as its rating instead of
    /// opening a new request; nil when the message is not such an answer.
    static func rating(
        _ event: InboundEvent, contactID: Int64, inbox: Inbox, _ tx: any IngestTransaction
    ) async throws -> IngestResult? {
        guard inbox.automations.csatTemplateID != nil, let reply = SatisfactionReply.parse(event.content),
            let conversationID = try await tx.findConversationAwaitingRating(inboxID: inbox.id, contactID: contactID)
        else {
            return nil
        }
        try await tx.recordRating(conversationID: conversationID, reply)
        let messageID = try await tx.insertIncomingMessage(
            inbox: inbox, conversationID: conversationID, contactID: contactID, event: event, contactAnswered: false
        )
        return IngestResult(
            contactID: contactID, conversationID: conversationID, messageID: messageID, duplicate: false,
            conversationCreated: false
        )
    }

    /// The conversation the message continues, or nil for a new one. A chat continues the contact's
    /// open conversation. Mail continues the thread its headers name — even a resolved one, unless
    /// it belongs to another inbox —, else an unresolved one of the same contact with the same
    /// subject within `MailThreading.subjectWindow`; a stranger never joins by subject alone.
    static func conversationToJoin(
        _ event: InboundEvent, contactID: Int64, lookup: SenderLookup, inbox: Inbox, at moment: Date,
        _ tx: any IngestTransaction
    ) async throws -> ActiveConversation? {
        guard let threading = event.threading else {
            // The lookup read it when it knew the contact; a contact created just now has none.
            guard lookup.contactID == contactID else { return nil }
            return lookup.activeConversation
        }
        if !threading.references.isEmpty,
            let thread = try await tx.findConversation(referencing: threading.references, accountID: inbox.accountID),
            thread.status != .resolved || thread.inboxID == inbox.id
        {
            if thread.status == .resolved, inbox.automations.csatTemplateID != nil,
                SatisfactionReply.parse(event.content) != nil
            {
                return nil  // a rating answers the survey; `rating` files it
            }
            return thread
        }
        guard !threading.subjectKey.isEmpty else { return nil }
        return try await tx.findConversation(
            subjectKey: threading.subjectKey, inboxID: inbox.id, contactID: contactID,
            since: moment.addingTimeInterval(-MailThreading.subjectWindow)
        )
    }

    static func validate(_ event: InboundEvent) throws {
        var errors: [FieldError] = []
        if event.externalID.isEmpty || event.externalID.count > 255 {
            errors.append(FieldError(field: "external_id", message: "must be 1 to 255 characters"))
        }
        if event.sender.externalID.isEmpty || event.sender.externalID.count > 255 {
            errors.append(FieldError(field: "sender.external_id", message: "must be 1 to 255 characters"))
        }
        if event.content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && event.attachments.isEmpty {
            errors.append(FieldError(field: "content", message: "must not be empty"))
        }
        if !errors.isEmpty { throw SwitchboardError.invalid(errors) }
    }

    static func ingest(
        _ event: InboundEvent, into inbox: Inbox, at moment: Date, _ tx: any IngestTransaction
    ) async throws -> IngestResult {
        // Every id of the person, in one order, so two messages naming them differently cannot race.
        let senderIDs = Set([event.sender.externalID] + event.sender.aliases).sorted()
        for senderID in senderIDs {
            try await tx.lockSender(inboxID: inbox.id, senderExternalID: senderID)
        }
        // The contact is known by the sender's id, else by one of its aliases (the same person, named otherwise).
        let lookup = try await tx.lookUp(
            inboxID: inbox.id, externalID: event.externalID,
            senderExternalIDs: [event.sender.externalID] + event.sender.aliases, chat: event.threading == nil
        )
        if var earlier = lookup.ingested {
            earlier.duplicate = true
            earlier.conversationCreated = false
            return earlier
        }

        let contactID: Int64
        var namedAnonymously = false
        if let known = lookup.contactID {
            contactID = known
            try await tx.enrichContact(id: known, sender: event.sender, attributes: event.contactAttributes)
        } else {
            let name = ContactNaming.given(event.sender)
            contactID = try await tx.createContact(
                inbox: inbox, sender: event.sender, name: name, attributes: event.contactAttributes
            )
            if name == nil {
                try await tx.renameContact(id: contactID, name: ContactNaming.anonymous(contactID: contactID))
                namedAnonymously = true
            }
        }

        if !event.sender.aliases.isEmpty {
            try await tx.linkIdentities(inbox: inbox, contactID: contactID, externalIDs: senderIDs)
        }

        let conversationID: Int64
        let created: Bool
        var reopened = false
        var intake: (IntakeMachine, IntakeStep)?
        var withBot = false
        let joined = try await conversationToJoin(event, contactID: contactID, lookup: lookup, inbox: inbox, at: moment, tx)
        if let active = joined {
            conversationID = active.id
            created = false
            if active.status == .snoozed || active.status == .resolved {
                try await tx.reopenConversation(id: active.id)
                reopened = true
            }
        } else if let rated = try await rating(event, contactID: contactID, inbox: inbox, tx) {
            return rated
        } else if inbox.botEndpointID != nil, inbox.intake == nil, !event.isAutomated {
            // The external bot talks first: it hears of the conversation through its webhook endpoint.
            conversationID = try await tx.openIntakeConversation(
                inbox: inbox, contactID: contactID, subject: event.subject, threadKey: event.threading?.subjectKey,
                intake: IntakeProgress(state: .running, bot: true)
            )
            created = true
            withBot = true
        } else if let questionnaire = inbox.intake, !event.isAutomated {
            let profile = try await tx.contactProfile(id: contactID)
            let machine = IntakeFlow.machine(questionnaire, inbox: inbox, language: profile.language)
            let step = machine.start(known: profile.attributes)
            conversationID = try await tx.openIntakeConversation(
                inbox: inbox, contactID: contactID, subject: event.subject, threadKey: event.threading?.subjectKey,
                intake: step.progress
            )
            created = true
            intake = (machine, step)
        } else {
            conversationID = try await tx.openConversation(
                inbox: inbox, contactID: contactID, subject: event.subject, threadKey: event.threading?.subjectKey
            )
            created = true
        }

        // A robot's "I am away" is no answer: the reminder still goes out.
        let messageID = try await tx.insertIncomingMessage(
            inbox: inbox, conversationID: conversationID, contactID: contactID, event: event,
            contactAnswered: !created && !event.isAutomated
        )
        let result = IngestResult(
            contactID: contactID, conversationID: conversationID, messageID: messageID, duplicate: false,
            conversationCreated: created, contactNamedAnonymously: namedAnonymously
        )
        // While a bot asks, the message is an answer to it: no rules, no assignment, no greeting yet.
        if intake == nil, !created, inbox.intake != nil || inbox.botEndpointID != nil,
            let progress = try await tx.intakeProgress(conversationID: conversationID), progress.state == .running
        {
            guard !progress.bot, !event.isAutomated, let questionnaire = inbox.intake else { return result }
            let profile = try await tx.contactProfile(id: contactID)
            let machine = IntakeFlow.machine(questionnaire, inbox: inbox, language: profile.language)
            intake = (machine, machine.receive(event.content, progress))
        }
        if withBot { return result }
        if let (machine, step) = intake {
            try await IntakeFlow.carryOut(
                step, machine, conversationID: conversationID, contactID: contactID, inbox: inbox, at: moment, tx
            )
            if step.finished {
                try await IntakeFlow.handOver(
                    conversationID: conversationID, inbox: inbox, questionnaire: machine.questionnaire, at: moment, tx
                )
            }
            return result
        }
        let effects = try await RuleRunner.run(
            events: created ? [.conversationCreated, .messageCreated] : [.messageCreated], conversationID: conversationID,
            inbox: inbox, messageContent: event.content, automated: event.isAutomated, at: moment, tx
        )
        // Most messages continue a conversation that has its agent: then there is nothing to assign.
        // A rule that cleared the agent (unassign, another team, escalation) leaves it unassigned.
        let assignee = effects.unassigned ? nil : joined?.assigneeID
        if inbox.assignment.policy != .off, !effects.resolved, !effects.assigned, reopened || assignee == nil {
            try await tx.assign(
                conversationID: conversationID, inbox: inbox, replacingOffline: reopened, knownUnassigned: !reopened
            )
        }
        if created, !event.isAutomated, !effects.replied,
            let welcome = inbox.automations.welcomeTemplate(greeting: inbox.greetingTemplateID, at: moment)
        {
            try await tx.scheduleAutomation(.greeting, conversationID: conversationID, inbox: inbox, templateID: welcome)
        }
        return result
    }
}
