import Foundation
import SwitchboardCore

/// Reads a Graph API error the platform's way:
/// `{"error":{"message":…,"type":…,"code":131047,"error_data":{"details":…},"fbtrace_id":…}}`.
enum GraphError {
    /// Throughput (130429), pair rate (131056), app call rate (4), account rate (80007) and spam rate (131048)
    /// limits: the same send works later.
    static let throttlingCodes: Set<Int> = [4, 80007, 130429, 131048, 131056]
    /// Codes that will not change on retry, whatever the HTTP status: outside the 24-hour window (131047),
    /// undeliverable (131026), invalid parameter (100), expired or invalid token (190).
    static let permanentCodes: Set<Int> = [100, 190, 131026, 131047]
    /// Meta-side trouble: unknown (1, 131000), service unavailable (2, 131016, 133004).
    static let temporaryCodes: Set<Int> = [1, 2, 131000, 131016, 133004]

    /// Meta gives no delay with its rate limits; this is used unless a `Retry-After` header says otherwise.
    static let defaultRetryAfter: Duration = .seconds(60)

    static func failure(status: Int, body: [UInt8], retryAfter: String?) -> DeliveryFailure {
        let error = (try? JSONDecoder().decode(JSONValue.self, from: Data(body)))?["error"]
        let code = error?["code"]?.number.flatMap { Int(exactly: $0) }
        let text =
            error.map {
                PlatformErrorText.compose(
                    message: $0["message"]?.text, details: $0["error_data"]?["details"]?.text, code: code)
            } ?? "WhatsApp answered HTTP \(status)"

        if let code, throttlingCodes.contains(code) {
            return .throttled(text, retryAfter: delay(retryAfter))
        }
        if let code, permanentCodes.contains(code) {
            return .permanent(text)
        }
        if status == 429 {
            return .throttled(text, retryAfter: delay(retryAfter))
        }
        if let code, temporaryCodes.contains(code) {
            return .temporary(text)
        }
        switch status {
        case 408, 500...: return .temporary(text)
        default: return .permanent(text)
        }
    }

    /// `Retry-After` in seconds when present and sane, otherwise a minute.
    static func delay(_ header: String?) -> Duration {
        guard let header, let seconds = Int(header.trimmingCharacters(in: .whitespaces)), seconds >= 0,
            seconds <= 86_400
        else { return defaultRetryAfter }
        return .seconds(seconds)
    }
}
