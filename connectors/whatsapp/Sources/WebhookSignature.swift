import Crypto
import Foundation
import SwitchboardCore

/// Meta's proof on every webhook POST: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`,
/// keyed with the app secret.
enum WebhookSignature {
    static let headerName = "x-hub-signature-256"

    /// Throws `unauthorized` unless the header carries the HMAC of exactly these bytes.
    /// The comparison is Crypto's constant-time check; the expected value is never put in the error.
    static func verify(_ request: ChannelRequest, appSecret: String?) throws(SwitchboardError) {
        guard let appSecret else {
            throw .unauthorized("the inbox has no app_secret to check the X-Hub-Signature-256 header with")
        }
        guard let header = request.header(headerName) else {
            throw .unauthorized("missing X-Hub-Signature-256 header")
        }
        let prefix = "sha256="
        guard header.hasPrefix(prefix), let mac = hexBytes(header.dropFirst(prefix.count)) else {
            throw .unauthorized("X-Hub-Signature-256 is not of the form sha256=<hex>")
        }
        let key = SymmetricKey(data: Data(appSecret.utf8))
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: request.body, using: key) else {
            throw .unauthorized("X-Hub-Signature-256 does not match the body")
        }
    }

    /// The header value Meta would send for `body`; tests and tools sign with it.
    static func sign(_ body: [UInt8], appSecret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(appSecret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Decodes hex of either case; nil for odd lengths or other characters.
    static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
