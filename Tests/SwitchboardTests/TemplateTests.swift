import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

@testable import switchboard

@Suite("Reply templates")
struct TemplateTests {
    /// A conversation on an api inbox, from a sender with the given language, name and attributes.
    static func conversation(
        _ org: TestAccount, inbox: Int64, sender: String, name: String?, language: String?, attributes: String = "{}"
    ) async throws -> Int64 {
        let nameField = name.map { #", "name": "\#($0)""# } ?? ""
        let languageField = language.map { #", "language": "\#($0)""# } ?? ""
        let reply = try await org.harness.request(
            .post, "/api/v1/inboxes/\(inbox)/messages", token: org.adminToken,
            json: #"""
                {"external_id": "\#(UUID().uuidString)", "sender": {"external_id": "\#(sender)"\#(nameField)\#(languageField)},
                 "content": "Help", "attributes": \#(attributes)}
                """#
        )
        guard let id = reply.json["conversation_id"]?.int else { throw TestSetupError("ingest: \(reply.text)") }
        return Int64(id)
    }

    static func create(_ org: TestAccount, _ json: String) async throws -> Reply {
        try await org.harness.request(.post, "/api/v1/templates", token: org.adminToken, json: json)
    }

    @Test("every variable renders, in the contact's language, without HTML escaping")
    func rendering() async throws {
        try await Harness.run { harness in
            let org = try await harness.account("Help Line")
            let away = try await harness.request(
                .patch, "/api/v1/agents/\(org.adminID)", token: org.adminToken, json: #"{"availability": "offline"}"#
            )
            #expect(away.status == .ok)
            let inboxReply = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"{"name": "Hotline", "channel": {"kind": "api", "config": {}}, "assignment": {"policy": "round_robin"}}"#
            )
            let inbox = Int64(try #require(inboxReply.json["id"]?.int))
            _ = try await Self.conversation(org, inbox: inbox, sender: "earlier", name: "Someone", language: nil)
            let conversation = try await Self.conversation(
                org, inbox: inbox, sender: "u1", name: "Tom & <Jerry> Smith", language: "uk-UA",
                attributes: #"{"age": 16, "city": "Kyiv"}"#
            )
            let created = try await Self.create(
                org,
                #"""
                {"name": "Everything", "shortcode": "all", "language": "en",
                 "body": "EN {{contact.first_name}}",
                 "variants": {"uk": "{{contact.name}}|{{contact.first_name}}|{{contact.attributes.age}}|{{contact.attributes.city}}|{{agent.name}}|{{agent.first_name}}|{{inbox.name}}|{{conversation.id}}|{{conversation.display_id}}|{{queue.position}}|{{queue.estimated_wait_minutes}}|{{account.name}}|{{now}}"}}
                """#
            )
            #expect(created.status == .created)
            let id = try #require(created.json["id"]?.int)
            let rendered = try await harness.request(
                .post, "/api/v1/templates/\(id)/render", token: org.adminToken, json: #"{"conversation_id": \#(conversation)}"#
            )
            #expect(rendered.status == .ok)
            #expect(rendered.json["language"]?.string == "uk")
            let parts = (rendered.json["content"]?.string ?? "").split(separator: "|", omittingEmptySubsequences: false)
                .map(String.init)
            try #require(parts.count == 13)
            #expect(parts[0] == "Tom & <Jerry> Smith")
            #expect(parts[1] == "Tom")
            #expect(parts[2] == "16")
            #expect(parts[3] == "Kyiv")
            let admin = try await harness.request(.get, "/api/v1/agents/\(org.adminID)", token: org.adminToken)
            let adminName = try #require(admin.json["name"]?.string)
            #expect(parts[4] == adminName, "the replying agent is whoever renders")
            #expect(parts[5] == String(adminName.split(separator: " ").first ?? ""))
            #expect(parts[6] == "Hotline")
            #expect(parts[7] == "\(conversation)")
            #expect(parts[8] == "#\(conversation)")
            #expect(parts[9] == "2", "nobody is online: the second waiting conversation is second in the queue")
            #expect(parts[10] == "", "no assignments yet, so no estimate")
            #expect(parts[11] == "Help Line")
            #expect(parts[12].wholeMatch(of: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/) != nil)

            // A language without a variant falls back to the main body; so does no language.
            let english = try await Self.conversation(org, inbox: inbox, sender: "u2", name: "Ann Lee", language: "de")
            let fallback = try await harness.request(
                .post, "/api/v1/templates/\(id)/render", token: org.adminToken, json: #"{"conversation_id": \#(english)}"#
            )
            #expect(fallback.json["content"]?.string == "EN Ann")
            #expect(fallback.json["language"]?.string == "en")
        }
    }

    @Test("a missing value renders empty or its default; anonymous contacts have no first name")
    func defaults() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
            let anonymous = try await Self.conversation(org, inbox: inbox, sender: "anon", name: nil, language: nil)
            let named = try await Self.conversation(org, inbox: inbox, sender: "maria", name: "Maria", language: nil)
            let created = try await Self.create(
                org,
                #"{"name": "Hi", "shortcode": "hi", "body": "Hi {{#contact.first_name}}{{contact.first_name}}{{/contact.first_name}}{{^contact.first_name}}friend{{/contact.first_name}}!{{contact.attributes.missing}}"}"#
            )
            let id = try #require(created.json["id"]?.int)
            for (conversation, expected) in [(anonymous, "Hi friend!"), (named, "Hi Maria!")] {
                let rendered = try await harness.request(
                    .post, "/api/v1/templates/\(id)/render", token: org.adminToken, json: #"{"conversation_id": \#(conversation)}"#
                )
                #expect(rendered.json["content"]?.string == expected)
            }
        }
    }

    @Test("a broken template or an unknown variable is a 422 naming the body and the position; nothing is saved")
    func validation() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let unclosed = try await Self.create(
                org, #"{"name": "Bad", "shortcode": "bad", "body": "Hello {{#contact.name}} there"}"#
            )
            #expect(unclosed.status == .unprocessableContent)
            #expect(unclosed.json["errors"]?[0]?["field"]?.string == "body")
            let unknown = try await Self.create(
                org,
                #"{"name": "Bad", "shortcode": "bad", "body": "fine", "variants": {"uk": "Привіт\n  {{contact.nmae}}"}}"#
            )
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.json["errors"]?[0]?["field"]?.string == "variants.uk")
            let message = unknown.json["errors"]?[0]?["message"]?.string ?? ""
            #expect(message.contains("line 2, column 3"))
            #expect(message.contains("contact.nmae"))
            let badCode = try await Self.create(org, #"{"name": "Bad", "shortcode": "has space", "body": "x"}"#)
            #expect(badCode.status == .unprocessableContent)
            #expect(badCode.json["errors"]?[0]?["field"]?.string == "shortcode")
            #expect(try await harness.count("SELECT count(*)::int FROM templates") == 0)
        }
    }

    @Test("replying with template_id sends the rendered text; search finds by shortcode; roles are enforced")
    func replyAndSearch() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
            let conversation = try await Self.conversation(org, inbox: inbox, sender: "p", name: "Petro Ivanenko", language: "uk")
            let greeting = try await Self.create(
                org, #"{"name": "Greeting", "shortcode": "greet", "body": "Hello {{contact.first_name}}", "variants": {"uk": "Вітаю, {{contact.first_name}}! 👋"}}"#
            )
            let id = try #require(greeting.json["id"]?.int)
            let duplicate = try await Self.create(org, #"{"name": "Other", "shortcode": "greet", "body": "x"}"#)
            #expect(duplicate.status == .conflict)

            let sent = try await harness.request(
                .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken, json: #"{"template_id": \#(id)}"#
            )
            #expect(sent.status == .created)
            #expect(sent.json["content"]?.string == "Вітаю, Petro! 👋")
            #expect(sent.json["delivery_status"]?.string == "queued")
            let missing = try await harness.request(
                .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken, json: #"{"template_id": 999999}"#
            )
            #expect(missing.status == .unprocessableContent)
            #expect(missing.json["errors"]?[0]?["field"]?.string == "template_id")

            _ = try await Self.create(org, #"{"name": "Farewell", "shortcode": "bye", "category": "Closing", "body": "Bye"}"#)
            let found = try await harness.request(.get, "/api/v1/templates?q=/gre", token: org.adminToken)
            #expect(found.json["items"]?.array.compactMap { $0["shortcode"]?.string } == ["greet"])
            let byBody = try await harness.request(.get, "/api/v1/templates?q=Вітаю", token: org.adminToken)
            #expect(byBody.json["items"]?.array.count == 1)

            let agent = try await org.agent()
            let forbidden = try await harness.request(
                .post, "/api/v1/templates", token: agent.token, json: #"{"name": "A", "shortcode": "a", "body": "x"}"#
            )
            #expect(forbidden.status == .forbidden)
            let patched = try await harness.request(
                .patch, "/api/v1/templates/\(id)", token: org.adminToken, json: #"{"body": "Hi {{contact.name}}", "category": null}"#
            )
            #expect(patched.status == .ok)
            #expect(patched.json["body"]?.string == "Hi {{contact.name}}")
            #expect(patched.json["variants"]?["uk"]?.string == "Вітаю, {{contact.first_name}}! 👋")
            let deleted = try await harness.request(.delete, "/api/v1/templates/\(id)", token: org.adminToken)
            #expect(deleted.status == .noContent)
            let gone = try await harness.request(.get, "/api/v1/templates/\(id)", token: org.adminToken)
            #expect(gone.status == .notFound)
        }
    }
}
