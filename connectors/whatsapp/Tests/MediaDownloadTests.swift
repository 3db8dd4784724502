import Foundation
import SwitchboardCore
import Testing

@testable import WhatsAppConnector

/// Media ids from webhooks are fetched later: first the short-lived URL, then the bytes, both with the token.
@Suite struct MediaDownloadTests {
    static let mediaID = "1479537139650973"

    static func inbox(origin: String) -> Inbox {
        Fixtures.inbox(["api_base_url": .string(origin + "/v21.0")])
    }

    static func failure(reference: String = mediaID, inbox: Inbox) async -> DeliveryFailure? {
        do {
            _ = try await Fixtures.connector.downloadMedia(reference: reference, inbox: inbox)
            return nil
        } catch {
            return error
        }
    }

    @Test func mediaIDLeadsToTheFileThroughTheReturnedURL() async throws {
        let graph = FakeGraph()
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0xFF, 0xD9]
        await graph.on(
            "GET", "/files/whatsapp_business/attachments", FakeGraph.Answer(contentType: "image/jpeg", body: jpeg))
        try await graph.serve { origin in
            await graph.on(
                "GET", "/v21.0/\(Self.mediaID)",
                .json(
                    #"{"messaging_product":"whatsapp","url":"\#(origin)/files/whatsapp_business/attachments?mid=\#(Self.mediaID)&ext=1732371000","mime_type":"image/jpeg","sha256":"Kq7p0Qh8l5b2Pp6l0r3cJt2m3wH1qk7n2uR9yZ6YwXo=","file_size":13,"id":"\#(Self.mediaID)"}"#
                )
            )
            let media = try await Fixtures.connector.downloadMedia(
                reference: Self.mediaID, inbox: Self.inbox(origin: origin))
            #expect(media.data == jpeg)
            #expect(media.contentType == "image/jpeg")
        }
        let received = await graph.received
        #expect(received.map(\.method) == ["GET", "GET"])
        #expect(received.map(\.path) == ["/v21.0/\(Self.mediaID)", "/files/whatsapp_business/attachments"])
        #expect(received.allSatisfy { $0.headers["authorization"] == "Bearer \(Fixtures.accessToken)" })
        #expect(received.allSatisfy { $0.headers["user-agent"]?.isEmpty == false })
    }

    @Test func expiredMediaIsPermanent() async throws {
        let graph = FakeGraph()
        await graph.on("GET", "/v21.0/\(Self.mediaID)", try .fixture("error-media-expired.json", status: 400))
        try await graph.serve { origin in
            let failure = await Self.failure(inbox: Self.inbox(origin: origin))
            guard case .permanent(let reason) = failure else {
                Issue.record("expected permanent, got \(String(describing: failure))")
                return
            }
            #expect(reason.contains("does not exist"))
        }
    }

    @Test func failingFileHostIsTemporary() async throws {
        let graph = FakeGraph()
        await graph.on("GET", "/files/x", .json("busy", status: 503))
        try await graph.serve { origin in
            await graph.on(
                "GET", "/v21.0/\(Self.mediaID)", .json(#"{"url":"\#(origin)/files/x","mime_type":"video/mp4"}"#))
            #expect(await Self.failure(inbox: Self.inbox(origin: origin)) == .temporary("WhatsApp answered HTTP 503"))
        }
    }

    @Test func plainHTTPLinkElsewhereGetsNoToken() async throws {
        let graph = FakeGraph()
        try await graph.serve { origin in
            await graph.on(
                "GET", "/v21.0/\(Self.mediaID)", .json(#"{"url":"http://198.51.100.7/file","mime_type":"image/jpeg"}"#))
            let failure = await Self.failure(inbox: Self.inbox(origin: origin))
            guard case .permanent = failure else {
                Issue.record("expected permanent, got \(String(describing: failure))")
                return
            }
        }
        #expect(await graph.received.count == 1)
    }

    @Test(arguments: ["", "../me", "123/messages", "12 34"])
    func referenceThatIsNoMediaIDIsRefused(reference: String) async {
        let failure = await Self.failure(
            reference: reference, inbox: Fixtures.inbox(["api_base_url": .string("http://127.0.0.1:9/v21.0")]))
        guard case .permanent = failure else {
            Issue.record("expected permanent, got \(String(describing: failure))")
            return
        }
    }
}
