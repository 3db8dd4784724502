import SwitchboardCore
import Testing

@testable import WhatsAppConnector

/// How Graph API errors map to retry decisions, beyond the cases the fake server plays.
@Suite struct GraphErrorTests {
    private func failure(_ status: Int, _ json: String, retryAfter: String? = nil) -> DeliveryFailure {
        GraphError.failure(status: status, body: Array(json.utf8), retryAfter: retryAfter)
    }

    @Test(arguments: [4, 80007, 130429, 131048, 131056])
    func rateLimitCodesAreThrottled(code: Int) {
        let result = failure(400, #"{"error":{"message":"(#\#(code)) limit","code":\#(code)}}"#)
        #expect(result == .throttled("(#\(code)) limit", retryAfter: .seconds(60)))
    }

    @Test(arguments: [100, 190, 131026, 131047])
    func permanentCodesStayPermanentEvenOnA500(code: Int) {
        guard case .permanent = failure(500, #"{"error":{"message":"no","code":\#(code)}}"#) else {
            Issue.record("code \(code) should be permanent")
            return
        }
    }

    @Test func http429WithoutBodyIsThrottledForRetryAfter() {
        #expect(failure(429, "", retryAfter: "5") == .throttled("WhatsApp answered HTTP 429", retryAfter: .seconds(5)))
    }

    @Test(arguments: ["soon", "-3", "Wed, 21 Oct 2026 07:28:00 GMT", "99999999"])
    func unusableRetryAfterFallsBackToAMinute(header: String) {
        #expect(GraphError.delay(header) == .seconds(60))
    }

    @Test func otherClientErrorIsPermanentWithDetails() {
        let result = failure(
            400,
            #"{"error":{"message":"(#131026) Message undeliverable","code":131026,"error_data":{"details":"The recipient is not a WhatsApp user."}}}"#
        )
        #expect(result == .permanent("(#131026) Message undeliverable: The recipient is not a WhatsApp user."))
    }

    @Test func codeIsAddedWhenTheMessageLacksIt() {
        #expect(
            failure(403, #"{"error":{"message":"Permission denied","code":10}}"#)
                == .permanent("Permission denied (code 10)"))
    }
}
