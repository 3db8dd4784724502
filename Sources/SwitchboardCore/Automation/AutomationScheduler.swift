import Foundation
import Logging
import ServiceLifecycle

/// Runs timed and triggered automations: greetings, farewells, surveys, rule replies, inactivity reminders
/// and auto-resolves, snooze wake-ups. Safe with any number of processes
/// (claims are exclusive, completion is transactional) and across restarts (the queue is in PostgreSQL).
public struct AutomationScheduler: Service {
    let automations: any AutomationStore
    let templates: any TemplateStore
    let assignment: any AssignmentStore
    let interval: Duration
    let now: @Sendable () -> Date
    let wakeUps: DeliveryWakeUps?
    /// Sends the intake's reminders and hands over unanswered intakes; nil leaves those jobs waiting.
    let intake: IntakeReminders?
    /// How this server is reached from outside, for the rating links of email surveys.
    let publicBaseURL: String?
    let logger: Logger

    public init(
        automations: any AutomationStore, templates: any TemplateStore, assignment: any AssignmentStore,
        interval: Duration = .seconds(1), now: @escaping @Sendable () -> Date = { Date() }, wakeUps: DeliveryWakeUps? = nil,
        publicBaseURL: String? = nil, intake: IntakeReminders? = nil, logger: Logger = Logger(label: "switchboard.automation")
    ) {
        self.intake = intake
        self.automations = automations
        self.templates = templates
        self.assignment = assignment
        self.interval = interval
        self.now = now
        self.wakeUps = wakeUps
        self.publicBaseURL = publicBaseURL
        self.logger = logger
    }

    public func run() async throws {
        await PollingLoop.run(every: interval) {
            do {
                try await tick()
            } catch {
                logger.warning("automation round failed", metadata: ["error": "\(error)"])
            }
            return false
        }
    }

    /// One round at the scheduler's `now`; returns how many automated messages it wrote.
    @discardableResult
    public func tick() async throws -> Int {
        let moment = now()
        for account in Set(try await automations.wakeSnoozedConversations(now: moment)) {
            _ = try await assignment.assignWaiting(accountID: account)
        }
        var sent = 0
        var resolvedIn = Set(try await automations.resolveIdleConversations(now: moment, limit: 100))
        for job in try await automations.claimDueAutomations(now: moment, limit: 32, lease: .seconds(60)) {
            if job.kind.waitsForContact, let status = job.conversationStatus, status != .open, status != .pending {
                try await automations.cancelAutomation(jobID: job.id, reason: "the conversation is \(status.rawValue)")
            } else if job.kind == .intakeReminder {
                if try await intake?.send(jobID: job.id, at: moment) == true { sent += 1 }
            } else if job.kind == .inactivityResolve {
                if try await automations.resolveInactiveConversation(jobID: job.id) {
                    logger.info("resolved for inactivity", metadata: ["conversation_id": "\(job.conversationID)"])
                    resolvedIn.insert(job.accountID)
                }
            } else if try await perform(job, at: moment) {
                sent += 1
            }
        }
        // A resolved conversation frees its agent's room, and may have queued a farewell.
        for account in resolvedIn {
            _ = try await assignment.assignWaiting(accountID: account)
        }
        if sent > 0 || !resolvedIn.isEmpty { wakeUps?.nudge() }
        return sent
    }

    func perform(_ job: AutomationJob, at moment: Date) async throws -> Bool {
        guard let templateID = job.templateID,
            let template = try await templates.template(id: templateID, accountID: job.accountID)
        else {
            try await automations.cancelAutomation(jobID: job.id, reason: "the template no longer exists")
            return false
        }
        guard var facts = try await templates.templateFacts(conversationID: job.conversationID, accountID: job.accountID, agentID: nil)
        else {
            try await automations.cancelAutomation(jobID: job.id, reason: "the conversation no longer exists")
            return false
        }
        facts.publicBaseURL = publicBaseURL
        let content: String
        do {
            content = try TemplateRenderer.render(template, facts: facts, now: moment).content
        } catch {
            try await automations.cancelAutomation(jobID: job.id, reason: "the template could not be rendered: \(error)")
            return false
        }
        guard !content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            try await automations.cancelAutomation(jobID: job.id, reason: "the template renders to nothing")
            return false
        }
        let written = try await automations.completeAutomation(jobID: job.id, content: content, now: moment)
        if written {
            logger.info("automated message written", metadata: ["kind": "\(job.kind.rawValue)", "conversation_id": "\(job.conversationID)"])
        }
        return written
    }
}
