import Foundation

/// What the SMTP sink of scripts/mail-servers.sh stored: the message bytes in `new/<id>.eml`
/// and its envelope in `envelope/<id>.json`.
public struct SinkDelivery: Decodable {
    public let mail_from: String
    public let rcpt_tos: [String]
    public let helo: String?
    public let auth_user: String?
    public let tls: Bool
    public var message: [UInt8] = []

    private enum CodingKeys: String, CodingKey {
        case mail_from, rcpt_tos, helo, auth_user, tls
    }

    public struct NotDelivered: Error, CustomStringConvertible {
        public let recipient: String
        public var description: String { "no message for \(recipient) arrived in the SMTP sink" }
    }

    /// Waits (up to five seconds) for the message sent to `recipient`.
    public static func find(recipient: String, in maildir: URL) async throws -> SinkDelivery {
        let envelopes = maildir.appendingPathComponent("envelope")
        for _ in 0..<50 {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: envelopes.path)) ?? []
            for name in names where name.hasSuffix(".json") {
                let envelopeURL = envelopes.appendingPathComponent(name)
                guard var delivery = try? JSONDecoder().decode(SinkDelivery.self, from: Data(contentsOf: envelopeURL)),
                    delivery.rcpt_tos.contains(recipient)
                else { continue }
                let messageURL = maildir.appendingPathComponent("new")
                    .appendingPathComponent(String(name.dropLast(".json".count)) + ".eml")
                guard let message = try? Data(contentsOf: messageURL) else { continue }
                delivery.message = [UInt8](message)
                return delivery
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw NotDelivered(recipient: recipient)
    }

    /// Every message sent to `recipient` so far, oldest first, waiting (up to five seconds) for `atLeast`.
    public static func all(recipient: String, in maildir: URL, atLeast: Int = 1) async throws -> [SinkDelivery] {
        let envelopes = maildir.appendingPathComponent("envelope")
        for _ in 0..<50 {
            var found: [(Date, SinkDelivery)] = []
            let names = (try? FileManager.default.contentsOfDirectory(atPath: envelopes.path)) ?? []
            for name in names where name.hasSuffix(".json") {
                let envelopeURL = envelopes.appendingPathComponent(name)
                guard var delivery = try? JSONDecoder().decode(SinkDelivery.self, from: Data(contentsOf: envelopeURL)),
                    delivery.rcpt_tos.contains(recipient),
                    let message = try? Data(contentsOf: maildir.appendingPathComponent("new")
                        .appendingPathComponent(String(name.dropLast(".json".count)) + ".eml"))
                else { continue }
                delivery.message = [UInt8](message)
                let written = (try? FileManager.default.attributesOfItem(atPath: envelopeURL.path)[.modificationDate] as? Date) ?? nil
                found.append((written ?? .distantPast, delivery))
            }
            if found.count >= atLeast { return found.sorted { $0.0 < $1.0 }.map(\.1) }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw NotDelivered(recipient: recipient)
    }
}
