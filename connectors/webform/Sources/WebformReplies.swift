import SwitchboardCore

/// Answers web-form conversations: through the inbox's `callback_url` when the site takes replies
/// itself, otherwise by email to the address the person gave, through the account's default email inbox.
public struct WebformReplies: DeliveryConnector {
    let callbacks: any DeliveryConnector
    let email: any DeliveryConnector

    /// `callbacks` posts to the site's `callback_url`; `email` sends through the account's default mail inbox.
    public init(callbacks: any DeliveryConnector, email: any DeliveryConnector) {
        self.callbacks = callbacks
        self.email = email
    }

    /// Hands the reply, and what is known of earlier attempts, to the connector that answers it.
    public func deliver(_ message: OutboundMessage, progress: DeliveryProgress) async throws(DeliveryFailure)
        -> DeliveryReceipt
    {
        if message.inbox.configString("callback_url") != nil {
            return try await callbacks.deliver(message, progress: progress)
        }
        guard message.recipientEmail != nil else {
            throw .permanent("the person left no email address and the form has no callback_url to answer through")
        }
        guard message.replyThrough != nil else {
            throw .permanent(
                "no email inbox answers web-form conversations: set account_default on one of the account's email inboxes"
            )
        }
        return try await email.deliver(message, progress: progress)
    }
}
