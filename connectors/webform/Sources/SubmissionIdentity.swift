import Foundation
import SwitchboardCore

/// The two ids a submission needs: whose message it is, and which delivery it is.
enum SubmissionIdentity {
    static let idempotencyHeader = "idempotency-key"
    static let maxIdempotencyKeyLength = 200

    /// The event's external id: `idempotency:<key>` when the client sent an `Idempotency-Key`
    /// (so a retried post is stored once), else a fresh `form:<UUID>` (every post is new).
    /// Call ``idempotencyProblem(_:)`` first; an unusable key must be refused, not replaced.
    static func eventID(_ request: ChannelRequest) -> String {
        guard let key = idempotencyKey(request) else { return "form:" + UUID().uuidString }
        return "idempotency:" + key
    }

    /// What is wrong with the `Idempotency-Key` header, if it is present and unusable.
    static func idempotencyProblem(_ request: ChannelRequest) -> FieldError? {
        guard let key = idempotencyKey(request) else { return nil }
        guard (1...maxIdempotencyKeyLength).contains(key.utf8.count),
            key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) })
        else {
            return FieldError(
                field: "Idempotency-Key",
                message: "must be 1 to \(maxIdempotencyKeyLength) visible ASCII characters without spaces"
            )
        }
        return nil
    }

    private static func idempotencyKey(_ request: ChannelRequest) -> String? {
        request.header(idempotencyHeader)?.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
    }

    /// The sender's channel id: the email lower-cased, else the phone's digits (with a leading `+`
    /// kept), else `anonymous:<UUID>` — a web form has no account to recognize people by.
    static func senderID(email: String?, phone: String?) -> String {
        if let email { return email.lowercased() }
        if let phone, let normalized = normalizedPhone(phone) { return normalized }
        return "anonymous:" + UUID().uuidString
    }

    /// Digits only, with `+` kept when the number starts with it; nil when there are no digits.
    static func normalizedPhone(_ phone: String) -> String? {
        let digits = String(String.UnicodeScalarView(phone.unicodeScalars.filter { ("0"..."9").contains($0) }))
        guard !digits.isEmpty else { return nil }
        return phone.trimmingCharacters(in: .whitespaces).hasPrefix("+") ? "+" + digits : digits
    }
}
