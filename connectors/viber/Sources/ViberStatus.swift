import SwitchboardCore

/// Viber answers API calls with HTTP 200 and a `status` inside the body; anything but 0 is a refusal.
///
/// A refusal Viber names is permanent: the request, the recipient or the bot account is wrong, and sending
/// the same request again cannot help until someone acts (for example an unsubscribed person writes
/// again, or the administrator replaces the token). `tooManyRequests` (12) waits a minute. Codes Viber
/// does not name are its "general error" and are tried again.
enum ViberStatus {
    static let ok = 0
    static let tooManyRequests = 12
    /// Viber publishes no delay for rate-limit breaches; a minute lets its window pass.
    static let throttleDelay: Duration = .seconds(60)

    static let names: [Int: String] = [
        1: "invalidUrl", 2: "invalidAuthToken", 3: "badData", 4: "missingData", 5: "receiverNotRegistered",
        6: "receiverNotSubscribed", 7: "publicAccountBlocked", 8: "publicAccountNotFound",
        9: "publicAccountSuspended", 10: "webhookNotSet", 11: "receiverNoSuitableDevice", 12: "tooManyRequests",
        13: "apiVersionNotSupported", 14: "incompatibleWithVersion", 15: "publicAccountNotAuthorized",
        16: "inchatReplyMessageNotAllowed", 17: "publicAccountIsNotInline", 18: "noPublicChat",
        19: "cannotSendBroadcast", 20: "broadcastNotAllowed", 21: "unsupportedCountry", 22: "paymentUnsupported",
        23: "freeMessagesExceeded", 24: "noBalance",
    ]

    /// Viber's own words for a refusal, with its code: `receiverNotSubscribed (Viber status 6)`.
    static func describe(status: Int, message: String?) -> String {
        let words = message.flatMap { $0.isEmpty ? nil : $0 } ?? names[status] ?? "general error"
        return "\(words) (Viber status \(status))"
    }

    static func failure(status: Int, message: String?) -> DeliveryFailure {
        let reason = describe(status: status, message: message)
        if status == tooManyRequests { return .throttled(reason, retryAfter: throttleDelay) }
        return names[status] == nil ? .temporary(reason) : .permanent(reason)
    }
}
