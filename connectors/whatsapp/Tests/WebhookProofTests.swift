import Foundation
import SwitchboardCore
import Testing

@testable import WhatsAppConnector

/// Every POST must carry `X-Hub-Signature-256` over the exact body, keyed with the app secret.
@Suite struct WebhookProofTests {
    @Test func correctSignatureIsAcceptedAndParsed() throws {
        let items = try Fixtures.items("text.json")
        #expect(items.count == 1)
        guard case .message = items.first else {
            Issue.record("expected a message, got \(items)")
            return
        }
    }

    @Test func missingSignatureIsUnauthorized() throws {
        let request = Fixtures.post(try Fixtures.bytes("text.json"), signature: .some(nil))
        #expect(unauthorized(request))
    }

    @Test func signatureWithAnotherSecretIsUnauthorized() throws {
        let body = try Fixtures.bytes("text.json")
        let request = Fixtures.post(body, signature: WebhookSignature.sign(body, appSecret: "another-app-secret"))
        #expect(unauthorized(request))
    }

    @Test func bodyChangedAfterSigningIsUnauthorized() throws {
        let body = try Fixtures.bytes("text.json")
        let signature = WebhookSignature.sign(body, appSecret: Fixtures.appSecret)
        let tampered = Array(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "1234", with: "9999").utf8)
        #expect(tampered != body)
        #expect(unauthorized(Fixtures.post(tampered, signature: signature)))
    }

    @Test(arguments: ["", "sha256=", "sha1=abcdef", "sha256=zz", "sha256=abc", "md5=00"])
    func malformedSignatureHeaderIsUnauthorized(header: String) throws {
        #expect(unauthorized(Fixtures.post(try Fixtures.bytes("text.json"), signature: header)))
    }

    @Test func upperCaseHexIsTheSameSignature() throws {
        let body = try Fixtures.bytes("text.json")
        let signature = WebhookSignature.sign(body, appSecret: Fixtures.appSecret)
        let upper = "sha256=" + signature.dropFirst("sha256=".count).uppercased()
        let outcome = try Fixtures.connector.handleWebhook(
            Fixtures.post(body, signature: upper), inbox: Fixtures.inbox(), receivedAt: Fixtures.receivedAt)
        #expect(outcome.items.count == 1)
    }

    @Test func inboxWithoutAppSecretAcceptsNothing() throws {
        let body = try Fixtures.bytes("text.json")
        let request = Fixtures.post(body, signature: WebhookSignature.sign(body, appSecret: ""))
        #expect(unauthorized(request, inbox: Fixtures.inbox(["app_secret": nil])))
    }

    @Test func unsignedGarbageIsUnauthorizedNotMalformed() {
        #expect(unauthorized(Fixtures.post(Array("not json".utf8), signature: .some(nil))))
    }

    @Test func signedGarbageIsKeptAsUnreadable() throws {
        let body = "{\"object\": "
        let outcome = try Fixtures.connector.handleWebhook(
            Fixtures.post(Array(body.utf8)), inbox: Fixtures.inbox(), receivedAt: Fixtures.receivedAt
        )
        #expect(outcome.items == [.skipped(SkippedPayload(.unreadable, reason: "the webhook body is not JSON", payload: body))])
        #expect(outcome.response == .ok)
    }

    @Test func errorTextNamesNoSecret() throws {
        let body = try Fixtures.bytes("text.json")
        let request = Fixtures.post(body, signature: "sha256=" + String(repeating: "0", count: 64))
        do {
            _ = try Fixtures.connector.handleWebhook(request, inbox: Fixtures.inbox(), receivedAt: Fixtures.receivedAt)
            Issue.record("a wrong signature was accepted")
        } catch {
            let text = "\(error)"
            #expect(!text.contains(Fixtures.appSecret))
            #expect(!text.contains(String(WebhookSignature.sign(body, appSecret: Fixtures.appSecret).dropFirst(7))))
        }
    }

    private func unauthorized(_ request: ChannelRequest, inbox: Inbox = Fixtures.inbox()) -> Bool {
        do {
            _ = try Fixtures.connector.handleWebhook(request, inbox: inbox, receivedAt: Fixtures.receivedAt)
            return false
        } catch SwitchboardError.unauthorized {
            return true
        } catch {
            return false
        }
    }
}
