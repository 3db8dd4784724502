import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import SwitchboardCore
import Testing

@testable import ViberConnector

@Suite("Media downloads and webhook registration")
struct MediaAndRegistrationTests {
    let connector = ViberConnector(httpClient: .shared, timeout: .seconds(5))

    private func download(_ reference: String) async -> Result<DownloadedMedia, DeliveryFailure> {
        do throws(DeliveryFailure) {
            return .success(try await connector.downloadMedia(reference: reference, inbox: Fixtures.inbox()))
        } catch {
            return .failure(error)
        }
    }

    @Test("a media URL is fetched with a plain GET and keeps the type the server names")
    func downloadsPicture() async throws {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46]
        let viber = FakeViber()
        await viber.answerAlways(FakeViber.Reply(headers: [.contentType: "image/jpeg"], body: jpeg))
        try await viber.serve { base in
            let media = try await connector.downloadMedia(reference: "\(base)/media/photo.jpg", inbox: Fixtures.inbox())
            #expect(media == DownloadedMedia(data: jpeg, contentType: "image/jpeg"))
        }
        let request = try #require(await viber.received.first)
        #expect(request.method == .get)
        #expect(request.path == "/media/photo.jpg")
        #expect(request.headers[HTTPField.Name("X-Viber-Auth-Token")!] == nil)
    }

    @Test("an octet-stream answer leaves the type guessed from the message")
    func genericType() async throws {
        let viber = FakeViber()
        await viber.answerAlways(FakeViber.Reply(headers: [.contentType: "application/octet-stream"], body: [1, 2, 3]))
        try await viber.serve { base in
            let media = try await connector.downloadMedia(reference: "\(base)/media/file.bin", inbox: Fixtures.inbox())
            #expect(media == DownloadedMedia(data: [1, 2, 3], contentType: nil))
        }
    }

    @Test("an expired link is permanent, a server error temporary, a non-URL permanent")
    func downloadFailures() async throws {
        let viber = FakeViber()
        await viber.enqueue(.json("{}", status: .notFound), .json("{}", status: .serviceUnavailable))
        try await viber.serve { base in
            guard case .failure(.permanent) = await download("\(base)/media/old.jpg") else {
                Issue.record("404 is not permanent")
                return
            }
            guard case .failure(.temporary) = await download("\(base)/media/busy.jpg") else {
                Issue.record("503 is not temporary")
                return
            }
        }
        guard case .failure(.permanent) = await download("file:///etc/passwd") else {
            Issue.record("a file URL is not refused")
            return
        }
    }

    @Test("a file over the size limit is refused for good")
    func tooLarge() async throws {
        let viber = FakeViber()
        await viber.answerAlways(
            FakeViber.Reply(headers: [.contentType: "video/mp4"], body: Array(repeating: 7, count: 100)))
        try await viber.serve { base in
            let download = ViberDownload(httpClient: .shared, timeout: .seconds(5), maxBytes: 64)
            do throws(DeliveryFailure) {
                _ = try await download.fetch("\(base)/media/big.mp4")
                Issue.record("a file over the limit was accepted")
            } catch {
                guard case .permanent = error else {
                    Issue.record("expected permanent, got \(error)")
                    return
                }
            }
        }
    }

    @Test("registration posts set_webhook with the URL and the events the connector reads")
    func registers() async throws {
        let viber = FakeViber()
        await viber.answerAlways(
            .json(
                #"{"status":0,"status_message":"ok","chat_hostname":"SN-CHAT-05_","event_types":["delivered","seen"]}"#)
        )
        try await viber.serve { base in
            let inbox = Fixtures.inbox(config: ["api_base_url": .string("\(base)/pa/")])
            let result = await connector.registerWebhook(
                url: "https://help.example.org/webhooks/vbQ3x9Lm2", inbox: inbox)
            #expect(result == WebhookRegistration(succeeded: true, message: "ok"))
        }
        let request = try #require(await viber.received.first)
        #expect(request.method == .post)
        #expect(request.path == "/pa/set_webhook")
        #expect(request.headers[HTTPField.Name("X-Viber-Auth-Token")!] == Fixtures.authToken)
        let json = try #require(request.json)
        #expect(json["url"] as? String == "https://help.example.org/webhooks/vbQ3x9Lm2")
        #expect(
            json["event_types"] as? [String]
                == ["delivered", "seen", "failed", "subscribed", "unsubscribed", "conversation_started"]
        )
        #expect(json["send_name"] as? Bool == true)
        #expect(json["send_photo"] as? Bool == false)
    }

    @Test("a refused registration reports Viber's words")
    func registrationRefused() async throws {
        let viber = FakeViber()
        await viber.answerAlways(.json(#"{"status":1,"status_message":"Invalid url: http://help.example.org"}"#))
        try await viber.serve { base in
            let inbox = Fixtures.inbox(config: ["api_base_url": .string("\(base)/pa")])
            let result = await connector.registerWebhook(url: "http://help.example.org", inbox: inbox)
            #expect(result == WebhookRegistration(succeeded: false, message: "Invalid url: http://help.example.org"))
        }
    }

    @Test("without a token nothing is registered, and Viber needs no profile lookups")
    func noTokenNoProfile() async {
        let inbox = Fixtures.inbox(config: ["auth_token": .string("")])
        let result = await connector.registerWebhook(url: "https://help.example.org/webhooks/x", inbox: inbox)
        #expect(result?.succeeded == false)
        #expect(await connector.senderProfile(externalID: "01234567890A=", inbox: Fixtures.inbox()) == nil)
        #expect(connector.kind == .viber)
    }
}
