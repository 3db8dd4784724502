import Foundation

/// Creating and changing an inbox. Two things follow from the settings besides storing them: an api or
/// web form inbox gets a signing secret when none was given (shown once, in the answer), and a channel
/// that receives by webhook is told our URL by its platform's own call, whose answer the caller sees and
/// the inbox keeps as its health. A change of assignment settings or team, or an intake questionnaire or
/// bot taken away, may let waiting conversations be handed out, which follows the commit. Authorization and the request's checks are the caller's.
public struct ConfigureInbox: Sendable {
    let inboxes: any InboxStore
    let channelEvents: any ChannelEventStore
    let messengers: [ChannelKind: any MessengerConnector]
    /// Where platforms reach us, when the operator named it; without it nothing is registered, since a
    /// platform told an address it cannot reach would only fail every delivery.
    let webhookBaseURL: String?
    let now: @Sendable () -> Date

    public init(
        inboxes: any InboxStore, channelEvents: any ChannelEventStore, messengers: [ChannelKind: any MessengerConnector],
        webhookBaseURL: String?, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.inboxes = inboxes
        self.channelEvents = channelEvents
        self.messengers = messengers
        self.webhookBaseURL = webhookBaseURL
        self.now = now
    }

    /// The inbox as stored, with what the caller is told only now.
    public struct Configured: Sendable {
        public var inbox: Inbox
        /// The secret generated for an api or web form inbox; it is never shown again.
        public var generatedSecret: String?
        /// The platform's answer when it was told our webhook URL.
        public var registration: WebhookRegistration?
    }

    public func create(accountID: Int64, _ new: NewInbox) async throws -> Outcome<Configured> {
        var new = new
        var generatedSecret: String?
        if new.kind == .api || new.kind == .webform, new.config["secret"]?.stringValue == nil {
            let secret = AccessToken.generate()
            new.config["secret"] = .string(secret)
            generatedSecret = secret
        }
        let inbox = try await inboxes.createInbox(accountID: accountID, uid: AccessToken.uid(), new)
        let (registered, registration) = await registerWebhook(inbox)
        return Outcome(Configured(inbox: registered, generatedSecret: generatedSecret, registration: registration))
    }

    /// nil when the inbox is not in the account (or deleted meanwhile).
    public func update(id: Int64, accountID: Int64, _ change: InboxChange) async throws -> Outcome<Configured?> {
        guard var inbox = try await inboxes.updateInbox(id: id, accountID: accountID, change) else { return Outcome(nil) }
        var registration: WebhookRegistration?
        if change.config != nil { (inbox, registration) = await registerWebhook(inbox) }
        // New assignment settings or team, or an intake or bot removed (their conversations join the queue).
        let queueMayMove =
            change.assignment != nil || change.teamID != nil || change.intake == .some(nil) || change.botEndpointID == .some(nil)
        let effects: [AfterCommit] = queueMayMove ? [.assignWaiting(accountID: accountID)] : []
        return Outcome(Configured(inbox: inbox, registration: registration), effects: effects)
    }

    /// Tells the platform our webhook URL when it has a call for that; a refusal is kept as the channel's
    /// last error, so the inbox's health shows it until a later success clears it.
    func registerWebhook(_ inbox: Inbox) async -> (Inbox, WebhookRegistration?) {
        guard let webhookBaseURL, inbox.kind.receivesWebhooks, let connector = messengers[inbox.kind],
            let registration = await connector.registerWebhook(url: "\(webhookBaseURL)/webhooks/\(inbox.uid)", inbox: inbox)
        else {
            return (inbox, nil)
        }
        var inbox = inbox
        let at = now()
        inbox.health.lastError = registration.succeeded ? nil : "webhook registration failed: \(registration.message)"
        if !registration.succeeded { inbox.health.lastErrorAt = at }
        // The registration happened whatever the bookkeeping does; a failed write only loses the health note.
        try? await channelEvents.recordChannelError(inboxID: inbox.id, error: inbox.health.lastError, at: at)
        return (inbox, registration)
    }
}
