import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

/// Why the stored channel secrets and the configured key do not go together; said at start, before serving.
public enum SecretsAtRestError: Error, CustomStringConvertible {
    case keyMissing(sealed: Int)
    case wrongKey(inboxID: Int64, key: String)
    case wrongEndpointKey(endpointID: Int64)

    public var description: String {
        switch self {
        case .keyMissing(let sealed):
            "SWITCHBOARD_SECRET_KEY is not set, but the database holds \(sealed) encrypted channel secret(s): "
                + "start with the key they were encrypted with (base64 of 32 bytes)"
        case .wrongKey(let inboxID, let key):
            "SWITCHBOARD_SECRET_KEY does not open the secret \(key) of inbox \(inboxID): it is not the key the "
                + "secrets were encrypted with"
        case .wrongEndpointKey(let endpointID):
            "SWITCHBOARD_SECRET_KEY does not open the signing secret of webhook endpoint \(endpointID): it is not the "
                + "key the secrets were encrypted with"
        }
    }
}

extension PostgresStore {
    /// Checks the key against the stored secrets and encrypts the ones still in the clear (the first start
    /// with a key). Without a key it refuses once any secret is encrypted. Returns how many it encrypted.
    @discardableResult
    public func prepareSecrets() async throws -> Int {
        guard let secrets else {
            let sealed = try await countSealedSecrets()
            if sealed > 0 { throw SecretsAtRestError.keyMissing(sealed: sealed) }
            return 0
        }
        return try await reseal(opening: secrets) { _, sealed in sealed }
    }

    /// Re-encrypts every channel secret under `newKey` in one transaction (plain ones are encrypted too);
    /// the store's own key opens the current ones. Returns how many secrets it wrote.
    @discardableResult
    public func rotateSecrets(to newKey: SecretBox) async throws -> Int {
        if secrets == nil {
            let sealed = try await countSealedSecrets()
            if sealed > 0 { throw SecretsAtRestError.keyMissing(sealed: sealed) }
        }
        return try await reseal(opening: secrets ?? newKey) { plain, _ in newKey.seal(plain) }
    }

    func countSealedSecrets() async throws -> Int {
        try await run { [client, logger] in
            for try await count in try await client.query(
                """
                SELECT (SELECT count(*)::int FROM inboxes i, jsonb_each_text(i.config) e
                        WHERE e.value LIKE \(SecretBox.prefix + "%"))
                     + (SELECT count(*)::int FROM webhook_endpoints WHERE secret LIKE \(SecretBox.prefix + "%"))
                """,
                logger: logger
            ).decode(Int.self) {
                return count
            }
            return 0
        }
    }

    /// Rewrites every inbox's secrets in one transaction: a plain secret is sealed with `opening`, a sealed
    /// one is opened with it (throwing when it cannot) and `resealed(plain, sealed)` says what to store.
    private func reseal(
        opening box: SecretBox, _ resealed: @escaping @Sendable (_ plain: String, _ sealed: String) -> String
    ) async throws -> Int {
        try await transaction { [logger] connection in
            var rows: [(Int64, String)] = []
            for try await row in try await connection.query(
                "SELECT id, config::text FROM inboxes ORDER BY id FOR UPDATE", logger: logger
            ).decode((Int64, String).self) {
                rows.append(row)
            }
            var written = 0
            for (id, text) in rows {
                let config = Self.decodeJSON(text)
                var changed = config
                for (key, value) in config {
                    guard case .string(let stored) = value else { continue }
                    if SecretBox.isSealed(stored) {
                        let plain: String
                        do { plain = try box.open(stored) } catch { throw SecretsAtRestError.wrongKey(inboxID: id, key: key) }
                        let next = resealed(plain, stored)
                        if next != stored { changed[key] = .string(next) }
                    } else if SecretBox.isSecret(key: key, value: value) {
                        changed[key] = .string(resealed(stored, box.seal(stored)))
                    }
                }
                guard changed != config else { continue }
                written += changed.filter { config[$0.key] != $0.value }.count
                try await connection.query(
                    "UPDATE inboxes SET config = \(Self.encodeJSON(changed))::jsonb WHERE id = \(id)", logger: logger
                )
            }
            // Webhook endpoints' signing secrets, the same way.
            var endpoints: [(Int64, String)] = []
            for try await row in try await connection.query(
                "SELECT id, secret FROM webhook_endpoints ORDER BY id FOR UPDATE", logger: logger
            ).decode((Int64, String).self) {
                endpoints.append(row)
            }
            for (id, stored) in endpoints {
                let next: String
                if SecretBox.isSealed(stored) {
                    let plain: String
                    do { plain = try box.open(stored) } catch { throw SecretsAtRestError.wrongEndpointKey(endpointID: id) }
                    next = resealed(plain, stored)
                } else {
                    next = resealed(stored, box.seal(stored))
                }
                guard next != stored else { continue }
                written += 1
                try await connection.query("UPDATE webhook_endpoints SET secret = \(next) WHERE id = \(id)", logger: logger)
            }
            return written
        }
    }
}
