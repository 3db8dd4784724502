import Foundation
import SwitchboardCore

/// Plugs the web form connector into the API: per-inbox settings, the per-address rate limit, the pages.
/// The executable hands one to the API as the registry's `forms`; the limiter is per process.
public struct WebformChannel: FormChannel {
    let limiter = FormRateLimiter()

    public init() {}

    public func page(inbox: Inbox, actionPath: String, errorMessage: String?) -> String {
        WebformConnector.formPage(
            inboxName: inbox.name, actionPath: actionPath, settings: WebformSettings(config: inbox.config),
            errorMessage: errorMessage
        )
    }

    public func thankYouPage(inbox: Inbox, formPath: String) -> String {
        WebformConnector.thankYouPage(inboxName: inbox.name, formPath: formPath, settings: WebformSettings(config: inbox.config))
    }

    public func submission(_ request: ChannelRequest, inbox: Inbox, receivedAt: Date) async throws -> InboundEvent {
        let settings = WebformSettings(config: inbox.config)
        let key = "\(inbox.uid)|\(request.remoteAddress ?? "unknown")"
        guard await limiter.allow(key: key, limit: settings.rateLimitPerMinute) else {
            let wait = await limiter.retryAfterSeconds(key: key)
            throw SwitchboardError.rateLimited(
                "too many submissions from this address; try again in \(wait) seconds", retryAfterSeconds: max(wait, 1)
            )
        }
        return try WebformConnector.parseSubmission(request, settings: settings, receivedAt: receivedAt)
    }

    public func maxBodyBytes(inbox: Inbox) -> Int {
        WebformSettings(config: inbox.config).maxBodyBytes
    }
}
