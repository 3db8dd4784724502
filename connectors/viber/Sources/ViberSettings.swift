import SwitchboardCore

/// What a Viber inbox needs to talk to its bot, read from the inbox's channel config.
///
/// Config keys:
/// - `auth_token` (secret): the bot's token; it signs every callback and authenticates every API call.
/// - `bot_name`: the sender name people see on replies (Viber allows at most 28 characters).
///   The inbox name when absent.
/// - `bot_avatar`: optional URL of the sender avatar shown on replies.
/// - `api_base_url`: where the bot API lives; `https://chatapi.viber.com/pa` by default.
struct ViberSettings: Sendable, Equatable {
    static let defaultBaseURL = "https://chatapi.viber.com/pa"
    /// Viber cuts sender names longer than this.
    static let maxSenderNameLength = 28

    var authToken: String?
    var senderName: String
    var senderAvatar: String?
    var baseURL: String

    init(_ inbox: Inbox) {
        authToken = inbox.configString("auth_token")
        let name = inbox.configString("bot_name") ?? inbox.name
        senderName = String(name.prefix(Self.maxSenderNameLength))
        senderAvatar = inbox.configString("bot_avatar")
        var base = inbox.configString("api_base_url") ?? Self.defaultBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        baseURL = base
    }

    /// The URL of one bot API method, e.g. `send_message`.
    func url(_ method: String) -> String { "\(baseURL)/\(method)" }
}
