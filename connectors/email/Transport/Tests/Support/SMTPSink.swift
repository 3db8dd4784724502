import Foundation

/// What the SMTP sink of scripts/mail-servers.sh stored: the message bytes in `new/<id>.eml`
/// and its envelope in `envelope/<id>.json`.
struct SinkDelivery: Decodable {
    let mail_from: String
    let rcpt_tos: [String]
    let helo: String?
    let auth_user: String?
    let tls: Bool
    var message: [UInt8] = []

    private enum CodingKeys: String, CodingKey {
        case mail_from, rcpt_tos, helo, auth_user, tls
    }

    struct NotDelivered: Error, CustomStringConvertible {
        let recipient: String
        var description: String { "no message for \(recipient) arrived in the SMTP sink" }
    }

    /// Waits (up to five seconds) for the message sent to `recipient`.
    static func find(recipient: String, in maildir: URL) async throws -> SinkDelivery {
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
}
