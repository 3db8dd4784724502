import AsyncHTTPClient
import Foundation
import SwitchboardCore
import Testing

@testable import ViberConnector

@Suite("Viber callbacks are checked before they are read")
struct SignatureTests {
    let connector = ViberConnector(httpClient: .shared)

    private func handle(_ request: ChannelRequest, inbox: Inbox = Fixtures.inbox()) throws -> WebhookOutcome {
        try connector.handleWebhook(request, inbox: inbox, receivedAt: Fixtures.receivedAt)
    }

    private func isUnauthorized(_ request: ChannelRequest, inbox: Inbox = Fixtures.inbox()) -> Bool {
        do {
            _ = try handle(request, inbox: inbox)
            return false
        } catch let error as SwitchboardError {
            if case .unauthorized = error { return true }
            return false
        } catch {
            return false
        }
    }

    @Test("the signature Viber computes is the hex HMAC-SHA256 of the body under the token")
    func knownSignature() {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), a published test vector.
        let body = Array("The quick brown fox jumps over the lazy dog".utf8)
        #expect(
            ViberSignature.sign(body, authToken: "key")
                == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        )
    }

    @Test("a correctly signed callback is parsed")
    func correctSignature() throws {
        let outcome = try handle(Fixtures.signed(try Fixtures.bytes("message-text.json")))
        #expect(outcome.items.count == 1)
        #expect(outcome.response == .ok)
    }

    @Test("upper-case hex is the same signature")
    func upperCaseHex() throws {
        let body = try Fixtures.bytes("message-text.json")
        let signature = ViberSignature.sign(body, authToken: Fixtures.authToken).uppercased()
        let outcome = try handle(Fixtures.request(body, headers: ["x-viber-content-signature": signature]))
        #expect(outcome.items.count == 1)
    }

    @Test("the signature in ?sig= is accepted when the header is absent")
    func querySignature() throws {
        let body = try Fixtures.bytes("message-text.json")
        let signature = ViberSignature.sign(body, authToken: Fixtures.authToken)
        let outcome = try handle(Fixtures.request(body, query: ["sig": signature]))
        #expect(outcome.items.count == 1)
    }

    @Test("a callback without signature is unauthorized")
    func missingSignature() throws {
        #expect(isUnauthorized(Fixtures.request(try Fixtures.bytes("message-text.json"))))
        #expect(
            isUnauthorized(
                Fixtures.request(try Fixtures.bytes("message-text.json"), headers: ["x-viber-content-signature": ""])))
    }

    @Test("a callback signed with another token is unauthorized")
    func wrongToken() throws {
        let body = try Fixtures.bytes("message-text.json")
        #expect(isUnauthorized(Fixtures.signed(body, token: "another-bot-token")))
    }

    @Test("a body changed after signing is unauthorized")
    func tamperedBody() throws {
        var request = Fixtures.signed(try Fixtures.bytes("message-text.json"))
        request.body = Array(
            String(decoding: request.body, as: UTF8.self).replacingOccurrences(of: "help", with: "pay").utf8)
        #expect(isUnauthorized(request))
    }

    @Test("a signature that is not hex, or is cut short, is unauthorized")
    func garbledSignature() throws {
        let body = try Fixtures.bytes("message-text.json")
        let valid = ViberSignature.sign(body, authToken: Fixtures.authToken)
        for garbled in [
            "zz" + valid.dropFirst(2), String(valid.dropLast(2)), String(valid.dropLast(1)), "sha256=" + valid,
        ] {
            #expect(isUnauthorized(Fixtures.request(body, headers: ["x-viber-content-signature": garbled])))
        }
    }

    @Test("an inbox without auth_token accepts no callback")
    func noToken() throws {
        let inbox = Fixtures.inbox(config: ["auth_token": .string("")])
        #expect(isUnauthorized(Fixtures.signed(try Fixtures.bytes("message-text.json")), inbox: inbox))
    }

    @Test("an unsigned body that is not even JSON is unauthorized, not malformed: the proof comes first")
    func proofBeforeParsing() {
        #expect(isUnauthorized(Fixtures.request(Array("not json".utf8))))
    }

    @Test("a signed body that is not a JSON object is kept whole as unreadable and acknowledged")
    func signedGarbage() throws {
        for body in ["not json", "[1,2,3]", "", "{\"event\":"] {
            let outcome = try handle(Fixtures.signed(Array(body.utf8)))
            #expect(
                outcome.items == [
                    .skipped(SkippedPayload(.unreadable, reason: "the Viber callback is not a JSON object", payload: body))
                ], "\(body)"
            )
            #expect(outcome.response == .ok)
        }
    }

    @Test("no error names the expected signature or the token")
    func errorsKeepSecrets() throws {
        let body = try Fixtures.bytes("message-text.json")
        let expected = ViberSignature.sign(body, authToken: Fixtures.authToken)
        do {
            _ = try handle(Fixtures.signed(body, token: "wrong"))
            Issue.record("a wrong signature was accepted")
        } catch {
            #expect(!"\(error)".contains(expected))
            #expect(!"\(error)".contains(Fixtures.authToken))
        }
    }
}
