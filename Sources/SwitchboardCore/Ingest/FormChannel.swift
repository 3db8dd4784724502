import Foundation

/// A channel that people reach with a browser: it serves its own page and turns posts into events.
/// The web form connector implements it; the API only routes requests to it.
public protocol FormChannel: Sendable {
    func page(inbox: Inbox, actionPath: String, errorMessage: String?) -> String
    func thankYouPage(inbox: Inbox, formPath: String) -> String
    /// Checks the sender's rate and the submission, then parses it. Throws `rateLimited`, `invalid`,
    /// `tooLarge`, `unsupportedMediaType` or `malformed`; nothing is stored in any of those cases.
    func submission(_ request: ChannelRequest, inbox: Inbox, receivedAt: Date) async throws -> InboundEvent
    /// The largest body a post to this inbox may have.
    func maxBodyBytes(inbox: Inbox) -> Int
}
