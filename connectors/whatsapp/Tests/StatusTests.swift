import SwitchboardCore
import Testing

@testable import WhatsAppConnector

/// `statuses[]` tell what became of our replies, by the `wamid` the send returned.
@Suite struct StatusTests {
    static let sentID = "wamid.HBgLNzkxNjEyMzQ1NjcVAgARGBI1RkQ3QkY2MDk0QjFBNTc0QjUA"

    @Test func deliveredReadAndFailedBecomeReceiptsAndSentIsIgnored() throws {
        let items = try Fixtures.items("statuses.json")
        #expect(items.count == 4)
        guard items.count == 4 else { return }
        #expect(items[0].ignoredReason?.contains("sent") == true)
        #expect(items[1] == .receipt(externalID: Self.sentID, status: .delivered, error: nil))
        #expect(items[2] == .receipt(externalID: Self.sentID, status: .read, error: nil))
        guard case .receipt(let id, let status, let error) = items[3] else {
            Issue.record("expected a failed receipt, got \(items[3])")
            return
        }
        #expect(id == "wamid.HBgLNzkxNjEyMzQ1NjcVAgARGBIzQkI3MTE0RTg1NjI2ODM2RDcA")
        #expect(status == .failed)
        #expect(
            error
                == "Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number. (code 131047)"
        )
    }

    @Test func failedStatusWithoutErrorsStillFails() throws {
        let json =
            #"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.F1","status":"failed","recipient_id":"79161234567"}]}}]}]}"#
        let items = try Fixtures.items(json: json)
        guard case .receipt(let id, .failed, let error) = items.first else {
            Issue.record("expected a failed receipt, got \(items)")
            return
        }
        #expect(id == "wamid.F1")
        #expect(error?.isEmpty == false)
    }

    @Test func unknownStatusIsIgnored() throws {
        let json =
            #"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.D1","status":"deleted"}]}}]}]}"#
        let items = try Fixtures.items(json: json)
        #expect(items.count == 1)
        #expect(items.first?.ignoredReason?.contains("deleted") == true)
    }
}
