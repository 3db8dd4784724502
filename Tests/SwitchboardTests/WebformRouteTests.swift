import Foundation
import HTTPTypes
import NIOCore
import SwitchboardCore
import Testing

@testable import switchboard

@Suite("Web forms over HTTP")
struct WebformRouteTests {
    static func multipart(boundary: String, fields: [(String, String)], file: (name: String, type: String, bytes: [UInt8])?) -> ByteBuffer {
        var buffer = ByteBuffer()
        for (name, value) in fields {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        if let file {
            buffer.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(file.name)\"\r\nContent-Type: \(file.type)\r\n\r\n"
            )
            buffer.writeBytes(file.bytes)
            buffer.writeString("\r\n")
        }
        buffer.writeString("--\(boundary)--\r\n")
        return buffer
    }

    @Test("the form page is plain HTML that posts back to itself")
    func page() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let uid = try #require(try await org.webformInbox()["uid"]?.string)
            let page = try await harness.request(.get, "/forms/\(uid)")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains(#"action="/forms/\#(uid)""#))
            #expect(page.text.contains("<label"))
            #expect(try await harness.request(.get, "/forms/unknown-uid").status == .notFound)
        }
    }

    @Test("urlencoded, multipart with a file and JSON posts become conversations; files become attachments")
    func mediaTypes() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let uid = try #require(try await org.webformInbox()["uid"]?.string)

            let urlencoded = try await harness.request(
                .post, "/forms/\(uid)", body: ByteBuffer(string: "name=Ivan&message=%D0%9F%D1%80%D0%B8%D0%B2%D1%96%D1%82&district=Podil"),
                headers: [.contentType: "application/x-www-form-urlencoded"]
            )
            #expect(urlencoded.status == .created)
            let conversation = try #require(urlencoded.json["conversation_id"]?.int)
            let messages = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
            #expect(messages.json["items"]?[0]?["content"]?.string == "Привіт")
            let contact = try await harness.request(
                .get, "/api/v1/contacts/\(try #require(urlencoded.json["contact_id"]?.int))", token: org.adminToken
            )
            #expect(contact.json["name"]?.string == "Ivan")
            #expect(contact.json["attributes"]?["district"]?.string == "Podil")

            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
            let multipart = try await harness.request(
                .post, "/forms/\(uid)",
                body: Self.multipart(
                    boundary: "XyZ", fields: [("email", "olena@example.org"), ("message", "Roof damaged")],
                    file: ("roof.png", "image/png", png)
                ),
                headers: [.contentType: "multipart/form-data; boundary=XyZ"]
            )
            #expect(multipart.status == .created)
            let withFile = try #require(multipart.json["conversation_id"]?.int)
            let fileMessages = try await harness.request(.get, "/api/v1/conversations/\(withFile)/messages", token: org.adminToken)
            let attachment = try #require(fileMessages.json["items"]?[0]?["attachments"]?[0])
            #expect(attachment["name"]?.string == "roof.png")
            #expect(attachment["size"]?.int == Int64(png.count))
            let download = try await harness.request(
                .get, "/api/v1/attachments/\(try #require(attachment["id"]?.int))", token: org.adminToken
            )
            #expect(download.status == .ok)
            #expect(Array(download.body.readableBytesView) == png)
            #expect(download.headers[.contentType] == "image/png")
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment;") == true)

            let json = try await harness.request(
                .post, "/forms/\(uid)", json: #"{"name": "Anna", "phone": "+380501112233", "message": "Need insulin", "age": 16}"#,
                headers: [HTTPField.Name("Idempotency-Key")!: "form-42"]
            )
            #expect(json.status == .created)
            let retry = try await harness.request(
                .post, "/forms/\(uid)", json: #"{"name": "Anna", "phone": "+380501112233", "message": "Need insulin", "age": 16}"#,
                headers: [HTTPField.Name("Idempotency-Key")!: "form-42"]
            )
            #expect(retry.status == .ok)
            #expect(retry.json["message_id"] == json.json["message_id"])
            #expect(try await harness.count("SELECT count(*)::int FROM messages") == 3)

            let browser = try await harness.request(
                .post, "/forms/\(uid)", body: ByteBuffer(string: "message=From+a+browser"),
                headers: [.contentType: "application/x-www-form-urlencoded", .accept: "text/html,application/xhtml+xml"]
            )
            #expect(browser.status == .ok)
            #expect(browser.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(browser.text.contains("Thank you"))
        }
    }

    @Test("spam and oversized input are refused and nothing is stored")
    func refusals() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let uid = try #require(
                try await org.webformInbox(config: #"{"max_file_bytes": 1024, "rate_limit_per_minute": 3}"#)["uid"]?.string
            )
            let honeypot = try await harness.request(
                .post, "/forms/\(uid)", body: ByteBuffer(string: "message=Buy+pills&website=http%3A%2F%2Fspam.example"),
                headers: [.contentType: "application/x-www-form-urlencoded"]
            )
            #expect(honeypot.status == .unprocessableContent)
            #expect(honeypot.json["errors"]?[0]?["field"]?.string == "website")

            let oversized = try await harness.request(
                .post, "/forms/\(uid)",
                body: Self.multipart(
                    boundary: "B", fields: [("message", "see file")], file: ("big.bin", "application/octet-stream", Array(repeating: 7, count: 2048))
                ),
                headers: [.contentType: "multipart/form-data; boundary=B"]
            )
            #expect(oversized.status == .contentTooLarge)
            #expect(oversized.headers[.contentType] == "application/problem+json")

            let unsupported = try await harness.request(
                .post, "/forms/\(uid)", body: ByteBuffer(string: "message"), headers: [.contentType: "text/plain"]
            )
            #expect(unsupported.status == .unsupportedMediaType)
            #expect(try await harness.count("SELECT count(*)::int FROM messages") == 0)

            // Refused submissions count against the limit too: the three above used this minute's three.
            let limited = try await harness.request(
                .post, "/forms/\(uid)", body: ByteBuffer(string: "message=hello"),
                headers: [.contentType: "application/x-www-form-urlencoded"]
            )
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            #expect(try await harness.count("SELECT count(*)::int FROM messages") == 0)
        }
    }
}
