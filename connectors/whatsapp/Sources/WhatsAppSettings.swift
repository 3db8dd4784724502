import SwitchboardCore

/// The `channel.config` of a `whatsapp` inbox.
///
/// Config keys read:
/// - `phone_number_id`: the business phone number's id in the Meta app (sends go from it; webhook
///   changes for other numbers of the same app are ignored).
/// - `access_token` (secret): a system user's permanent token with `whatsapp_business_messaging`.
/// - `app_secret` (secret): the Meta app's secret, the key of the `X-Hub-Signature-256` HMAC.
/// - `verify_token` (secret): any string, typed again in the app dashboard for the GET handshake.
/// - `api_base_url`: the Graph API base including its version, default `https://graph.facebook.com/v21.0`.
struct WhatsAppSettings: Sendable {
    static let defaultBaseURL = "https://graph.facebook.com/v21.0"

    var phoneNumberID: String?
    var accessToken: String?
    var appSecret: String?
    var verifyToken: String?
    var baseURL: String

    init(_ inbox: Inbox) {
        phoneNumberID = inbox.configString("phone_number_id")
        accessToken = inbox.configString("access_token")
        appSecret = inbox.configString("app_secret")
        verifyToken = inbox.configString("verify_token")
        var base = inbox.configString("api_base_url") ?? Self.defaultBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        baseURL = base
    }

    /// A missing value is the administrator's to fix, so sends fail permanently until it is set.
    func requirePhoneNumberID() throws(DeliveryFailure) -> String {
        guard let phoneNumberID else { throw .permanent("the inbox has no phone_number_id") }
        return phoneNumberID
    }

    func requireAccessToken() throws(DeliveryFailure) -> String {
        guard let accessToken else { throw .permanent("the inbox has no access_token") }
        return accessToken
    }
}
