import Foundation
import HTTPTypes
import SwitchboardCore
import Testing
import VKConnector

/// Files are fetched later by the URL the event carried; names come from `users.get`.
@Suite struct MediaAndProfileTests {
    @Test func mediaIsDownloadedByItsURL() async throws {
        let vk = FakeVK()
        await vk.answer("/impg/AbC/z.jpg", body: "JPEG-bytes", contentType: "image/jpeg")
        try await vk.serve { base in
            let media = try await Fixtures.connector.downloadMedia(
                reference: base + "/impg/AbC/z.jpg?size=1440x1080&quality=95", inbox: Fixtures.inbox())
            #expect(media == DownloadedMedia(data: Array("JPEG-bytes".utf8), contentType: "image/jpeg"))
        }
        let requests = await vk.received
        #expect(requests.map(\.method) == [.get])
        #expect(requests.map(\.path) == ["/impg/AbC/z.jpg"])
    }

    @Test func anExpiredLinkIsPermanentAndAServerErrorTemporary() async throws {
        let vk = FakeVK()
        await vk.answer("/gone.ogg", status: .notFound, body: "not found", contentType: "text/plain")
        await vk.answer("/busy.ogg", status: .serviceUnavailable, body: "busy", contentType: "text/plain")
        try await vk.serve { base in
            let gone = await failure {
                try await Fixtures.connector.downloadMedia(reference: base + "/gone.ogg", inbox: Fixtures.inbox())
            }
            #expect(gone == .permanent("VK no longer serves the file (HTTP 404)"))
            let busy = await failure {
                try await Fixtures.connector.downloadMedia(reference: base + "/busy.ogg", inbox: Fixtures.inbox())
            }
            #expect(busy == .temporary("VK answered HTTP 503 for the file"))
        }
    }

    @Test(arguments: ["", "not a url", "file:///etc/passwd", "ftp://vk.com/doc"])
    func aReferenceThatIsNotAWebURLIsPermanent(reference: String) async {
        let result = await failure {
            try await Fixtures.connector.downloadMedia(reference: reference, inbox: Fixtures.inbox())
        }
        #expect(result == .permanent("not a VK media URL"))
    }

    @Test func senderNameComesFromUsersGet() async throws {
        let vk = FakeVK()
        await vk.answer(
            "/method/users.get",
            json:
                #"{"response": [{"id": 1234567, "first_name": "Иван", "last_name": "Петров", "can_access_closed": true, "is_closed": false}]}"#
        )
        let sender = try await vk.serve { base in
            await Fixtures.connector.senderProfile(
                externalID: "1234567", inbox: Fixtures.inbox(["api_base_url": .string(base + "/method")]))
        }
        #expect(sender == InboundSender(externalID: "1234567", name: "Иван Петров"))
        let request = try #require(await vk.received.first)
        #expect(request.method == .post)
        #expect(request.path == "/method/users.get")
        #expect(request.contentType == "application/x-www-form-urlencoded")
        #expect(
            request.form == [
                "user_ids": "1234567", "fields": "first_name,last_name", "access_token": Fixtures.accessToken,
                "v": "5.199",
            ])
    }

    @Test func aDeletedPageOrAnErrorGivesNoProfile() async throws {
        let vk = FakeVK()
        await vk.answer(
            "/method/users.get",
            json:
                #"{"response": [{"id": 1234567, "first_name": "DELETED", "last_name": "", "deactivated": "deleted"}]}"#)
        await vk.answer(
            "/method/users.get", json: #"{"error": {"error_code": 5, "error_msg": "User authorization failed"}}"#)
        try await vk.serve { base in
            let inbox = Fixtures.inbox(["api_base_url": .string(base + "/method")])
            #expect(await Fixtures.connector.senderProfile(externalID: "1234567", inbox: inbox) == nil)
            #expect(await Fixtures.connector.senderProfile(externalID: "1234567", inbox: inbox) == nil)
            #expect(await Fixtures.connector.senderProfile(externalID: "not-a-user", inbox: inbox) == nil)
        }
        #expect(await vk.received.count == 2)
    }
}
