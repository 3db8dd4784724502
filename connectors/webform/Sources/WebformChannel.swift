import Foundation
import SwitchboardCore

/// Plugs the web form connector into the API: per-inbox settings, the per-address rate limit, the pages.
/// The executable hands one to the API as the registry's `forms`, with the limiter every process shares
/// the limit through.
public struct WebformChannel: FormChannel {
    let limiter: RateLimiter

    public init(limiter: RateLimiter = RateLimiter(census: nil)) {
        self.limiter = limiter
    }

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
        try await limiter.admit(key, perMinute: settings.rateLimitPerMinute, refusal: "too many submissions from this address")
        return try WebformConnector.parseSubmission(request, settings: settings, receivedAt: receivedAt)
    }

    public func maxBodyBytes(inbox: Inbox) -> Int {
        WebformSettings(config: inbox.config).maxBodyBytes
    }
}
