import Crypto
import Foundation
import SwitchboardCore

/// Viber signs every callback: `X-Viber-Content-Signature` carries the hex HMAC-SHA256 of the exact
/// body bytes, keyed with the bot's auth token. Older setups pass the same value as `?sig=`.
enum ViberSignature {
    static let header = "x-viber-content-signature"
    static let queryParameter = "sig"

    /// Throws `unauthorized` unless the request carries the body's signature. The comparison runs in
    /// constant time and no error names the expected value.
    static func verify(_ request: ChannelRequest, authToken: String?) throws(SwitchboardError) {
        guard let authToken else {
            throw .unauthorized("the inbox has no auth_token to check Viber signatures with")
        }
        let provided = request.header(header) ?? request.query[queryParameter]
        guard let provided, !provided.isEmpty else {
            throw .unauthorized("the callback carries no X-Viber-Content-Signature")
        }
        guard let mac = hexBytes(provided.trimmingCharacters(in: .whitespaces)),
            HMAC<SHA256>.isValidAuthenticationCode(
                mac, authenticating: request.body, using: SymmetricKey(data: Data(authToken.utf8))
            )
        else {
            throw .unauthorized("the Viber signature does not match the body")
        }
    }

    /// The signature Viber sends for `body`: lower-case hex HMAC-SHA256 under the auth token.
    static func sign(_ body: [UInt8], authToken: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(authToken.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Decodes hex of either case; nil for anything that is not whole bytes of hex.
    static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
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
