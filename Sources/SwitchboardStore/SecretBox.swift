import Crypto
import Foundation
import SwitchboardCore

/// Seals channel secrets with AES-GCM under the deployment's master key before they reach the database,
/// and opens them when an inbox is read. A sealed value is text: `sbx1:` and the base64 of nonce,
/// ciphertext and tag, so it fits where the plain secret was (a string in the inbox's config).
///
/// Reads `SWITCHBOARD_SECRET_KEY` (base64 of 32 random bytes) through `fromEnvironment()`.
public struct SecretBox: Sendable {
    static let prefix = "sbx1:"
    private let key: SymmetricKey
    /// Tells two boxes apart without showing the key (the first bytes of its SHA-256).
    public let fingerprint: String

    public init(base64Key: String) throws(SecretKeyError) {
        guard let bytes = Data(base64Encoded: base64Key.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw .notBase64
        }
        guard bytes.count == 32 else { throw .wrongLength(bytes.count) }
        key = SymmetricKey(data: bytes)
        fingerprint = SHA256.hash(data: bytes).prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    /// The box for `SWITCHBOARD_SECRET_KEY`, or nil when it is not set.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(SecretKeyError)
        -> SecretBox?
    {
        guard let value = environment["SWITCHBOARD_SECRET_KEY"], !value.isEmpty else { return nil }
        return try SecretBox(base64Key: value)
    }

    /// A new random key, base64: what `scripts/run` and tests use.
    public static func generateKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    public func seal(_ plain: String) -> String {
        // AES-GCM with a fresh random nonce cannot fail for a key of the right size.
        let box = try! AES.GCM.seal(Data(plain.utf8), using: key)
        return Self.prefix + box.combined!.base64EncodedString()
    }

    /// The plain text of a sealed value; throws when this key did not seal it (or it was altered).
    public func open(_ sealed: String) throws(SecretKeyError) -> String {
        guard Self.isSealed(sealed), let data = Data(base64Encoded: String(sealed.dropFirst(Self.prefix.count))),
            let box = try? AES.GCM.SealedBox(combined: data), let plain = try? AES.GCM.open(box, using: key)
        else { throw .cannotOpen }
        return String(decoding: plain, as: UTF8.self)
    }

    public static func isSealed(_ value: String) -> Bool { value.hasPrefix(prefix) }

    /// Whether an inbox config entry holds a secret: a key some channel declares secret, or a URL that
    /// carries a user name or password.
    public static func isSecret(key: String, value: JSONValue) -> Bool {
        guard case .string(let text) = value, !text.isEmpty else { return false }
        if ChannelKind.allCases.contains(where: { $0.secretConfigKeys.contains(key) }) { return true }
        guard key.hasSuffix("_url"), let parts = URLComponents(string: text) else { return false }
        return parts.user != nil || parts.password != nil
    }
}

public enum SecretKeyError: Error, Equatable, CustomStringConvertible {
    case notBase64
    case wrongLength(Int)
    case cannotOpen

    public var description: String {
        switch self {
        case .notBase64: "SWITCHBOARD_SECRET_KEY is not base64 (expected the base64 of 32 random bytes)"
        case .wrongLength(let count): "SWITCHBOARD_SECRET_KEY decodes to \(count) bytes; it must be 32"
        case .cannotOpen: "a stored secret cannot be opened with this key"
        }
    }
}

extension Optional where Wrapped == SecretBox {
    /// The config as it is stored: each secret sealed when there is a key (plain without one).
    func seal(_ config: [String: JSONValue]) -> [String: JSONValue] {
        guard let box = self else { return config }
        var sealed = config
        for (key, value) in config where SecretBox.isSecret(key: key, value: value) {
            if case .string(let text) = value, !SecretBox.isSealed(text) { sealed[key] = .string(box.seal(text)) }
        }
        return sealed
    }

    /// The config as the domain sees it: every sealed value opened. A value this key cannot open is left
    /// out (as if unset), so a channel reports a missing secret instead of using ciphertext as one.
    func open(_ config: [String: JSONValue]) -> [String: JSONValue] {
        var opened = config
        for (key, value) in config {
            guard case .string(let text) = value, SecretBox.isSealed(text) else { continue }
            opened[key] = (try? self?.open(text)).map(JSONValue.string)
        }
        return opened
    }
}
