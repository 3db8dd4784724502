import Foundation

/// The steps the intake needs from the transaction it runs in (an ingest's, or the scheduler's for a
/// reminder). Everything a turn decides commits with the message that caused it, or not at all.
public protocol IntakeTransaction: RuleTransaction {
    /// The contact's language and attributes: the questionnaire's language and the answers already known.
    func contactProfile(id: Int64) async throws -> (language: String?, attributes: [String: JSONValue])
    /// The conversation's intake (the caller holds the conversation's row lock); nil when it has none.
    func intakeProgress(conversationID: Int64) async throws -> IntakeProgress?
    /// Opens a conversation with its intake: `pending` while it runs, `open` when it ended at once.
    func openIntakeConversation(
        inbox: Inbox, contactID: Int64, subject: String?, threadKey: String?, intake: IntakeProgress
    ) async throws -> Int64
    /// Keeps the progress. When the intake has ended, a pending conversation opens and its contact waits
    /// for a human from now on (reply and wait timers start at the hand-over, not at the bot's first question).
    func saveIntake(conversationID: Int64, _ progress: IntakeProgress) async throws
    func mergeContactAttributes(contactID: Int64, _ attributes: [String: JSONValue]) async throws
    /// Writes the bot's message: public ones with their outbox row (delivered like any reply, exactly
    /// once; never a human first response), or a private note.
    func writeIntakeMessage(inbox: Inbox, conversationID: Int64, _ message: IntakeMessage, isPrivate: Bool) async throws
    /// Schedules the reminder for the current question at `due`, replacing an earlier one; nil cancels it.
    func scheduleIntakeReminder(conversationID: Int64, inbox: Inbox, due: Date?) async throws
    /// Finishes a due reminder job and locks its conversation; nil when it was finished meanwhile.
    func takeIntakeReminder(jobID: Int64) async throws -> (conversationID: Int64, contactID: Int64, inbox: Inbox)?
    /// Gives an unassigned conversation to an eligible online agent (see `IngestTransaction`).
    func assign(conversationID: Int64, inbox: Inbox, replacingOffline: Bool, knownUnassigned: Bool) async throws
    func scheduleAutomation(_ kind: AutomationKind, conversationID: Int64, inbox: Inbox, templateID: Int64) async throws
}

/// Carries the intake machine's steps out inside a transaction, and hands the conversation to the humans
/// when the intake ends: then, and not before, the `conversation_created` rules and assignment run, so a
/// rule reads the answers the bot collected.
public enum IntakeFlow {
    public static func machine(_ questionnaire: IntakeQuestionnaire, inbox: Inbox, language: String?) -> IntakeMachine {
        IntakeMachine(questionnaire, language: language, buttons: inbox.kind.showsButtons)
    }

    /// Writes what one turn decided: the answers on the contact, the bot's messages, the progress, the next
    /// reminder; on the last turn the summary note and the hand-over.
    public static func carryOut(
        _ step: IntakeStep, _ machine: IntakeMachine, conversationID: Int64, contactID: Int64, inbox: Inbox,
        at moment: Date, _ tx: any IntakeTransaction
    ) async throws {
        if !step.attributes.isEmpty { try await tx.mergeContactAttributes(contactID: contactID, step.attributes) }
        for message in step.messages {
            try await tx.writeIntakeMessage(inbox: inbox, conversationID: conversationID, message, isPrivate: false)
        }
        try await tx.saveIntake(conversationID: conversationID, step.progress)
        guard step.finished else {
            if !step.messages.isEmpty, let minutes = machine.questionnaire.reminderMinutes {
                let due = moment.addingTimeInterval(TimeInterval(minutes * 60))
                try await tx.scheduleIntakeReminder(conversationID: conversationID, inbox: inbox, due: due)
            }
            return
        }
        try await tx.scheduleIntakeReminder(conversationID: conversationID, inbox: inbox, due: nil)
        try await tx.writeIntakeMessage(
            inbox: inbox, conversationID: conversationID, IntakeMessage(content: machine.summary(step.progress)),
            isPrivate: true
        )
    }

    /// The conversation reaches the humans as a new request: `conversation_created` rules, assignment, then
    /// the intake's closing message (or the inbox's greeting) unless a rule already answered.
    public static func handOver(
        conversationID: Int64, inbox: Inbox, questionnaire: IntakeQuestionnaire, at moment: Date,
        _ tx: any IntakeTransaction
    ) async throws {
        let effects = try await RuleRunner.run(
            events: [.conversationCreated], conversationID: conversationID, inbox: inbox, messageContent: nil,
            automated: false, at: moment, tx
        )
        if inbox.assignment.policy != .off, !effects.resolved, !effects.assigned {
            // Nobody had it while the bot asked: taking it ends the intake (sql/0120).
            try await tx.assign(conversationID: conversationID, inbox: inbox, replacingOffline: false, knownUnassigned: true)
        }
        if !effects.replied,
            let welcome = questionnaire.doneTemplateID
                ?? inbox.automations.welcomeTemplate(greeting: inbox.greetingTemplateID, at: moment)
        {
            try await tx.scheduleAutomation(.greeting, conversationID: conversationID, inbox: inbox, templateID: welcome)
        }
    }
}

/// Sends the intake's due reminders (and, after the second unanswered one, hands the conversation over),
/// each in one transaction with its job, so a reminder goes out once however many schedulers run.
public struct IntakeReminders: Sendable {
    let store: any IngestStore

    public init(store: any IngestStore) { self.store = store }

    /// Returns whether the job did anything (a reminder, or the hand-over).
    public func send(jobID: Int64, at moment: Date) async throws -> Bool {
        try await store.withIngestTransaction { tx in
            guard let (conversationID, contactID, inbox) = try await tx.takeIntakeReminder(jobID: jobID),
                let questionnaire = inbox.intake,
                let progress = try await tx.intakeProgress(conversationID: conversationID), progress.state == .running
            else { return false }
            let profile = try await tx.contactProfile(id: contactID)
            let machine = IntakeFlow.machine(questionnaire, inbox: inbox, language: profile.language)
            let step = machine.remind(progress)
            try await IntakeFlow.carryOut(
                step, machine, conversationID: conversationID, contactID: contactID, inbox: inbox, at: moment, tx
            )
            if step.finished {
                try await IntakeFlow.handOver(conversationID: conversationID, inbox: inbox, questionnaire: questionnaire, at: moment, tx)
            }
            return true
        }
    }
}

extension ChannelKind {
    /// Channels whose platform shows a question's options as buttons; the others get them numbered in the text.
    public var showsButtons: Bool {
        switch self {
        case .telegram, .viber, .vk, .whatsapp: true
        case .api, .webform, .email, .phone: false
        }
    }
}
