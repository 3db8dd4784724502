import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import SwitchboardCore
import Testing

@testable import VKConnector

/// Replies go out through `messages.send` against a fake VK that records what it got.
@Suite struct DeliveryTests {
    static func inbox(_ base: String) -> Inbox { Fixtures.inbox(["api_base_url": .string(base + "/method")]) }

    @Test func textIsSentAsVKDocumentsIt() async throws {
        let vk = FakeVK()
        await vk.answer("/method/messages.send", json: #"{"response": 4321}"#)
        try await vk.serve { base in
            let receipt = try await Fixtures.connector.deliver(
                outbound("Добрый день! Заказ уже в пути 🚚", messageID: 9001, inbox: Self.inbox(base)))
            #expect(receipt == DeliveryReceipt(externalID: "4321"))
        }
        let sent = await vk.received
        try #require(sent.count == 1)
        #expect(sent[0].method == .post)
        #expect(sent[0].path == "/method/messages.send")
        #expect(sent[0].contentType == "application/x-www-form-urlencoded")
        #expect(
            sent[0].form == [
                "peer_id": "1234567", "message": "Добрый день! Заказ уже в пути 🚚", "random_id": "9001",
                "access_token": Fixtures.accessToken, "v": "5.199", "group_id": "218421234",
            ])
    }

    @Test func aRetriedReplyCarriesTheSameRandomID() async throws {
        let vk = FakeVK()
        try await vk.serve { base in
            _ = try await Fixtures.connector.deliver(outbound("Привет", messageID: 77, inbox: Self.inbox(base)))
            _ = try await Fixtures.connector.deliver(outbound("Привет", messageID: 77, inbox: Self.inbox(base)))
            _ = try await Fixtures.connector.deliver(outbound("Привет", messageID: 78, inbox: Self.inbox(base)))
        }
        let ids = await vk.received.map { $0.form["random_id"] }
        #expect(ids == ["77", "77", "78"])
    }

    @Test(arguments: [
        (Int64(1), 0, Int32(1)), (Int64(0x8000_0000), 0, Int32(0x7fff_ffff)), (Int64(-5), 0, Int32(0x7fff_fffb)),
        (Int64(0x1_0000_0005), 0, Int32(5)), (Int64(5), 1, Int32(0x0100_0005)),
    ])
    func randomIDIsPositiveWithinInt32(messageID: Int64, part: Int, expected: Int32) {
        #expect(VKOutgoingMessage.randomID(messageID: messageID, part: part) == expected)
    }

    @Test func aLongReplyIsSentInPartsWithDistinctRandomIDs() async throws {
        let paragraph = String(repeating: "Слово ", count: 500)  // 3000 characters
        let text = paragraph + "\n" + paragraph
        let vk = FakeVK()
        await vk.answer("/method/messages.send", json: #"{"response": 10}"#)
        await vk.answer("/method/messages.send", json: #"{"response": 11}"#)
        try await vk.serve { base in
            let receipt = try await Fixtures.connector.deliver(outbound(text, messageID: 300, inbox: Self.inbox(base)))
            #expect(receipt.externalID == "10")
        }
        let forms = await vk.received.map(\.form)
        try #require(forms.count == 2)
        #expect(forms.map { $0["message"] ?? "" }.joined() == text)
        #expect(forms.allSatisfy { ($0["message"]?.utf16.count ?? .max) <= 4000 })
        #expect(forms[0]["random_id"] == "300")
        #expect(forms[1]["random_id"] == String(0x0100_0000 | 300))
    }

    @Test func floodControlIsThrottledForAMinute() async throws {
        let failure = try await deliverAgainstError(code: 9, message: "Flood control")
        #expect(failure == .throttled("VK error 9: Flood control", retryAfter: .seconds(60)))
    }

    @Test func tooManyRequestsPerSecondIsThrottledForASecond() async throws {
        let failure = try await deliverAgainstError(code: 6, message: "Too many requests per second")
        #expect(failure == .throttled("VK error 6: Too many requests per second", retryAfter: .seconds(1)))
    }

    @Test func aUserWhoDeniedMessagesIsAPermanentFailureWithVKsText() async throws {
        let failure = try await deliverAgainstError(
            code: 901, message: "Can't send messages for users without permission")
        #expect(failure == .permanent("VK error 901: Can't send messages for users without permission"))
    }

    @Test func aRevokedTokenIsPermanent() async throws {
        let failure = try await deliverAgainstError(
            code: 5, message: "User authorization failed: invalid access_token (4).")
        #expect(failure == .permanent("VK error 5: User authorization failed: invalid access_token (4)."))
        #expect(!(failure?.reason.contains(Fixtures.accessToken) ?? true))
    }

    @Test func vksInternalErrorIsTemporary() async throws {
        let failure = try await deliverAgainstError(code: 10, message: "Internal server error")
        #expect(failure == .temporary("VK error 10: Internal server error"))
    }

    @Test func serverErrorsAreTemporary() async throws {
        let vk = FakeVK()
        await vk.answer(
            "/method/messages.send", status: .badGateway, body: "<html>502</html>", contentType: "text/html")
        try await vk.serve { base in
            let failure = await failure {
                try await Fixtures.connector.deliver(outbound("Привет", inbox: Self.inbox(base)))
            }
            #expect(failure == .temporary("VK answered HTTP 502"))
        }
    }

    @Test func anUnreadableAnswerIsTemporary() async throws {
        let vk = FakeVK()
        await vk.answer("/method/messages.send", json: #"{"something": "else"}"#)
        try await vk.serve { base in
            let failure = await failure {
                try await Fixtures.connector.deliver(outbound("Привет", inbox: Self.inbox(base)))
            }
            #expect(failure == .temporary("VK's answer could not be read"))
        }
    }

    @Test func anUnreachableVKIsTemporary() async throws {
        let inbox = Fixtures.inbox(["api_base_url": "http://127.0.0.1:1/method"])
        let connector = VKConnector(httpClient: .shared, timeout: .seconds(1))
        let failure = await failure { try await connector.deliver(outbound("Привет", inbox: inbox)) }
        guard case .temporary(let reason) = failure else {
            Issue.record("expected a temporary failure, got \(String(describing: failure))")
            return
        }
        #expect(reason.hasPrefix("could not reach VK"))
        #expect(!reason.contains(Fixtures.accessToken))
    }

    @Test func missingTokenOrRecipientIsPermanentWithoutCallingVK() async throws {
        let vk = FakeVK()
        try await vk.serve { base in
            let noToken = Fixtures.inbox(["api_base_url": .string(base + "/method"), "access_token": nil])
            #expect(
                await failure { try await Fixtures.connector.deliver(outbound("Привет", inbox: noToken)) }
                    == .permanent("the inbox has no VK access_token"))
            for recipient in [nil, "", "abc", "-5"] {
                #expect(
                    await failure {
                        try await Fixtures.connector.deliver(
                            outbound("Привет", recipient: recipient, inbox: Self.inbox(base)))
                    } == .permanent("the contact has no VK user id to reply to"))
            }
            #expect(
                await failure { try await Fixtures.connector.deliver(outbound("", inbox: Self.inbox(base))) }
                    == .permanent("the reply has neither text nor attachments"))
        }
        #expect(await vk.received.isEmpty)
    }

    private func deliverAgainstError(code: Int, message: String) async throws -> DeliveryFailure? {
        let vk = FakeVK()
        let escaped = message.replacingOccurrences(of: "\"", with: "\\\"")
        await vk.answer(
            "/method/messages.send",
            json:
                #"{"error": {"error_code": \#(code), "error_msg": "\#(escaped)", "request_params": [{"key": "method", "value": "messages.send"}]}}"#
        )
        return try await vk.serve { base in
            await failure { try await Fixtures.connector.deliver(outbound("Привет", inbox: Self.inbox(base))) }
        }
    }
}

/// The failure a delivery or download threw; nil when it succeeded.
func failure<T>(_ body: () async throws -> T) async -> DeliveryFailure? {
    do {
        _ = try await body()
        return nil
    } catch let error as DeliveryFailure {
        return error
    } catch {
        Issue.record("expected a DeliveryFailure, got \(error)")
        return nil
    }
}
