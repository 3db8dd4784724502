import Foundation
import HTTPTypes
import NIOCore
import SwitchboardCore
import Testing

@testable import switchboard

/// Requests an attacker (or a broken client) sends: each must end in a clear 4xx, never a crash, a 500,
/// a stall, or a leak. Every test here failed before the fix it names.
@Suite("Hostile input")
struct HostileInputTests {
    /// The 80-byte request that once stopped the whole server: a part header name with a non-ASCII byte.
    static var poisonedMultipart: ByteBuffer {
        var body = ByteBuffer(string: "--B\r\n")
        body.writeBytes([0xC2, 0xA3])
        body.writeString(": x\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\nhello\r\n--B--\r\n")
        return body
    }

    @Test("a multipart header name with a non-ASCII byte is a 400 on the form and on template uploads, and the server stays up")
    func multipartHeaderName() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let uid = try #require(try await org.webformInbox()["uid"]?.string)
            let headers: HTTPFields = [.contentType: "multipart/form-data; boundary=B"]
            let form = try await harness.request(.post, "/forms/\(uid)", body: Self.poisonedMultipart, headers: headers)
            #expect(form.status == .badRequest)
            #expect(form.headers[.contentType] == "application/problem+json")

            let template = try await org.template("guide", "See the attached guide.")
            let upload = try await harness.request(
                .post, "/api/v1/templates/\(template)/attachments", token: org.adminToken, body: Self.poisonedMultipart, headers: headers
            )
            #expect(upload.status == .badRequest)

            let fine = try await harness.request(
                .post, "/forms/\(uid)",
                body: WebformRouteTests.multipart(boundary: "B", fields: [("message", "still here")], file: nil), headers: headers
            )
            #expect(fine.status == .created)
            #expect(try await harness.count("SELECT count(*)::int FROM messages") == 1)
        }
    }

    @Test("a JSON form body gets the JSON limit, not the multipart one")
    func sizeLimits() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let uid = try #require(try await org.webformInbox()["uid"]?.string)
            // A JSON form body of 2 MB: within the multipart limit (5 files of 10 MB), far over what text needs.
            let message = String(repeating: "x", count: 2 * 1024 * 1024)
            let json = try await harness.request(.post, "/forms/\(uid)", json: #"{"message": "\#(message)"}"#)
            #expect(json.status == .contentTooLarge)

            #expect(try await harness.count("SELECT count(*)::int FROM messages") == 0)
        }
    }

    @Test("deeply nested JSON is a 422 naming the body; contact attributes are capped in depth, keys and size")
    func nesting() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
            let agent = try await harness.request(.post, "/api/v1/agents", token: org.adminToken, json: #"{"name": \#(deep)}"#)
            #expect(agent.status == .unprocessableContent)
            #expect(agent.json["errors"]?[0]?["field"]?.string == "body")

            let nested = String(repeating: #"{"a":"#, count: 10) + "1" + String(repeating: "}", count: 10)
            let intake = try await harness.request(
                .post, "/api/v1/inboxes/\(inbox)/messages", token: org.adminToken,
                json: #"{"external_id": "n1", "sender": {"external_id": "s"}, "content": "hi", "attributes": {"address": \#(nested)}}"#
            )
            #expect(intake.status == .unprocessableContent)
            #expect(intake.json["errors"]?[0]?["field"]?.string == "attributes.address")

            let stored = try await org.post(inbox: inbox, externalID: "n2", sender: "s")
            let contact = try #require(stored.json["contact_id"]?.int)
            let longKey = String(repeating: "k", count: 100_000)
            let patched = try await harness.request(
                .patch, "/api/v1/contacts/\(contact)", token: org.adminToken, json: #"{"attributes": {"\#(longKey)": 1}}"#
            )
            #expect(patched.status == .unprocessableContent)
            #expect(patched.json["errors"]?[0]?["field"]?.string?.hasPrefix("attributes.kkk") == true)
            #expect(patched.text.count < 2_000, "the error must not echo a 100,000-character key")
            let huge = String(repeating: "y", count: 40_000)
            let tooBig = try await harness.request(
                .patch, "/api/v1/contacts/\(contact)", token: org.adminToken, json: #"{"attributes": {"notes": "\#(huge)"}}"#
            )
            #expect(tooBig.status == .unprocessableContent)
        }
    }

    @Test("{{.}} and group names in a template are refused at save: they would send the customer the whole context")
    func wholeContextInTemplates() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            for body in ["Hi {{.}}", "Hi {{contact}}", "{{{survey}}}", "{{#contact}}{{.}}{{/contact}}"] {
                let reply = try await harness.request(
                    .post, "/api/v1/templates", token: org.adminToken,
                    json: #"{"name": "t", "shortcode": "t\#(UUID().uuidString.prefix(6))", "body": "\#(body)"}"#
                )
                #expect(reply.status == .unprocessableContent, "\(body)")
                #expect(reply.json["errors"]?[0]?["field"]?.string == "body")
            }
            let fine = try await harness.request(
                .post, "/api/v1/templates", token: org.adminToken,
                json: #"{"name": "ok", "shortcode": "ok", "body": "Hi {{#contact.first_name}}{{.}}{{/contact.first_name}}"}"#
            )
            #expect(fine.status == .created)
        }
    }

    @Test("errors say what a field accepts, not the decoder's words")
    func errorWording() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            let stored = try await org.post(inbox: inbox, externalID: "w1", sender: "s")
            let conversation = try #require(stored.json["conversation_id"]?.int)
            let status = try await harness.request(
                .patch, "/api/v1/conversations/\(conversation)", token: org.adminToken, json: #"{"status": "sleeping"}"#
            )
            #expect(status.status == .unprocessableContent)
            #expect(status.json["errors"]?[0]?["message"]?.string == "must be one of open, pending, snoozed, resolved")
            #expect(!status.text.contains("Cannot initialize"))

            let pragma = try await harness.request(
                .post, "/api/v1/templates", token: org.adminToken, json: #"{"name": "p", "shortcode": "p", "body": "{{% weird }}"}"#
            )
            #expect(pragma.status == .unprocessableContent)
            #expect(!pragma.text.contains("invalidConfigVariableSyntax"))

            let future = try await harness.request(
                .patch, "/api/v1/conversations/\(conversation)", token: org.adminToken,
                json: #"{"status": "snoozed", "snoozed_until": "9999-01-01T00:00:00Z"}"#
            )
            #expect(future.status == .unprocessableContent)
            #expect(future.json["errors"]?[0]?["field"]?.string == "snoozed_until")

            let control = try await harness.request(
                .post, "/api/v1/agents", token: org.adminToken,
                json: #"{"name": "Olena", "email": "ol\u0007ena@example.org", "role": "agent"}"#
            )
            #expect(control.status == .unprocessableContent)
            #expect(control.json["errors"]?[0]?["field"]?.string == "email")
        }
    }

    @Test("channel config: unknown keys, empty or malformed secrets, wrong types and ca_file outside PEM files are 422s naming the key")
    func channelConfig() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            func create(_ kind: String, _ config: String) async throws -> Reply {
                try await harness.request(
                    .post, "/api/v1/inboxes", token: org.adminToken,
                    json: #"{"name": "x", "channel": {"kind": "\#(kind)", "config": \#(config)}}"#
                )
            }
            let cases: [(String, String, String)] = [
                ("viber", #"{"auth_token": ""}"#, "channel.config.auth_token"),
                ("telegram", #"{"bot_token": "1:a", "secret_token": "has space"}"#, "channel.config.secret_token"),
                ("telegram", #"{"bot_token": 12345}"#, "channel.config.bot_token"),
                ("telegram", #"{"bot_tokne": "1:a"}"#, "channel.config.bot_tokne"),
                ("vk", #"{"group_id": "abc"}"#, "channel.config.group_id"),
                ("email", #"{"imap_host": "127.0.0.1", "from_address": "a@example.org", "ca_file": "/etc/shadow"}"#, "channel.config.ca_file"),
            ]
            for (kind, config, field) in cases {
                let reply = try await create(kind, config)
                #expect(reply.status == .unprocessableContent, "\(kind) \(config)")
                #expect(reply.json["errors"]?.array.contains { $0["field"]?.string == field } == true, "\(reply.text)")
            }
            let shadow = try await create("email", #"{"imap_host": "127.0.0.1", "from_address": "a@example.org", "ca_file": "/etc/shadow"}"#)
            let missing = try await create("email", #"{"imap_host": "127.0.0.1", "from_address": "a@example.org", "ca_file": "/nope/x.pem"}"#)
            #expect(shadow.json["errors"] == missing.json["errors"], "an existing file and a missing one must look alike")

            let withCredentials = try await create("api", #"{"callback_url": "https://user:hunter2@crm.example.org/hook"}"#)
            #expect(withCredentials.status == .created)
            #expect(!withCredentials.text.contains("hunter2"))
            #expect(withCredentials.json["channel"]?["config"]?["callback_url"]?.string == "https://crm.example.org/hook")
            #expect(withCredentials.json["channel"]?["secrets_set"]?.array.contains(.string("callback_url.credentials")) == true)
        }
    }

    @Test("a rule condition naming another account's inbox, or none, is a 422")
    func ruleInboxReference() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let other = try await harness.account("Other")
            let theirs = try #require(try await other.apiInbox()["id"]?.int)
            let ours = try #require(try await org.apiInbox()["id"]?.int)
            for (value, expected) in [("\(theirs)", HTTPResponse.Status.unprocessableContent), ("987654", .unprocessableContent), ("\(ours)", .created)] {
                let reply = try await harness.request(
                    .post, "/api/v1/rules", token: org.adminToken,
                    json: #"{"name": "r", "events": ["conversation_created"], "conditions": [{"field": "inbox_id", "operator": "=", "value": \#(value)}], "actions": [{"type": "add_label", "label": "x"}]}"#
                )
                #expect(reply.status == expected, "\(value): \(reply.text)")
                if expected != .created { #expect(reply.json["errors"]?[0]?["field"]?.string == "conditions[0].value") }
            }
        }
    }

    @Test("TRACE is a 405 problem; a file a contact sent is served sandboxed")
    func methodsAndDownloads() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let trace = try await harness.request(.init("TRACE")!, "/api/v1/conversations", token: org.adminToken)
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.contentType] == "application/problem+json")

            let uid = try #require(try await org.webformInbox()["uid"]?.string)
            let svg = Array(#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.utf8)
            let posted = try await harness.request(
                .post, "/forms/\(uid)",
                body: WebformRouteTests.multipart(boundary: "B", fields: [("message", "see file")], file: ("x.svg", "image/svg+xml", svg)),
                headers: [.contentType: "multipart/form-data; boundary=B"]
            )
            #expect(posted.status == .created)
            let conversation = try #require(posted.json["conversation_id"]?.int)
            let messages = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
            let attachment = try #require(messages.json["items"]?[0]?["attachments"]?[0]?["id"]?.int)
            let file = try await harness.request(.get, "/api/v1/attachments/\(attachment)", token: org.adminToken)
            #expect(file.status == .ok)
            #expect(file.headers[.contentSecurityPolicy]?.hasPrefix("sandbox") == true)
            #expect(file.headers[.contentDisposition]?.hasPrefix("attachment") == true)
        }
    }
}
