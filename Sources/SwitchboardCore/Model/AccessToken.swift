import Crypto
import Foundation

/// API bearer tokens. Only a SHA-256 of a token is stored, so a database leak does not leak access;
/// tokens are long and random, so a fast hash is enough (unlike passwords).
public enum AccessToken {
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "sb_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// What a token list shows of a token: "sb_" and 7 of its 43 random characters.
    public static func prefix(_ token: String) -> String { String(token.prefix(10)) }

    public static func hash(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(token.utf8)))
    }

    /// A random identifier that cannot be guessed, for public inbox addresses.
    public static func uid() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijkmnopqrstuvwxyz23456789")
        return String((0..<24).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
