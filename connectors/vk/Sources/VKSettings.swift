import Foundation
import SwitchboardCore

/// The `channel.config` of a `vk` inbox, read once per call.
///
/// Config keys read: `group_id` (the community's numeric id), `access_token` (the community token, secret),
/// `secret` (the Callback API secret key, secret), `confirmation_code` (the string VK asks the server to
/// return, secret), `api_base_url` (default `https://api.vk.com/method`).
struct VKSettings: Sendable {
    /// The API version every call and the Callback API server use; the event shapes parsed here are its shapes.
    static let apiVersion = "5.199"
    static let defaultBaseURL = "https://api.vk.com/method"

    var groupID: String?
    var accessToken: String?
    var secret: String?
    var confirmationCode: String?
    var baseURL: String

    init(inbox: Inbox) {
        groupID = inbox.configString("group_id")?.trimmingCharacters(in: .whitespaces)
        accessToken = inbox.configString("access_token")
        secret = inbox.configString("secret")
        confirmationCode = inbox.configString("confirmation_code")
        var base = inbox.configString("api_base_url") ?? Self.defaultBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        baseURL = base
    }

    /// The URL of one API method, e.g. `messages.send`.
    func methodURL(_ method: String) -> String { "\(baseURL)/\(method)" }
}
