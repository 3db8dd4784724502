import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

@testable import switchboard

@Suite("Template language choice")
struct TemplateLanguageTests {
    static let template = ReplyTemplate(
        id: 1, accountID: 1, name: "Hi", shortcode: "hi", category: nil, language: "en", body: "Hello",
        variants: ["uk": "Вітаю", "pt": "Olá", "ru": "Здравствуйте"], createdAt: Date(), updatedAt: Date()
    )

    @Test("the contact's exact tag, then its primary language, then the account's language, then the main body")
    func order() {
        func pick(_ contact: String?, _ account: String?) -> String { Self.template.body(forLanguage: contact, fallback: account).body }
        #expect(pick("uk", "ru") == "Вітаю")
        #expect(pick("pt-BR", "ru") == "Olá")
        #expect(pick("EN-gb", "ru") == "Hello", "the main body is in English")
        #expect(pick("de", "ru") == "Здравствуйте")
        #expect(pick(nil, "uk-UA") == "Вітаю", "the account's tag falls back to its primary language too")
        #expect(pick("de", "fr") == "Hello")
        #expect(pick("de", nil) == "Hello")
        #expect(Self.template.body(forLanguage: "de", fallback: "ru").language == "ru")
    }

    @Test("rendering and replies use the account's default_language for contacts whose language has no variant")
    func accountFallback() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let patched = try await harness.request(
                .patch, "/api/v1/account", token: org.adminToken, json: #"{"default_language": "uk"}"#
            )
            #expect(patched.status == .ok)
            let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
            let created = try await harness.request(
                .post, "/api/v1/templates", token: org.adminToken,
                json: #"{"name": "Hi", "shortcode": "hi", "language": "en", "body": "Hello {{contact.first_name}}", "variants": {"uk": "Вітаю, {{contact.first_name}}", "ru": "Здравствуйте, {{contact.first_name}}"}}"#
            )
            let template = try #require(created.json["id"]?.int)
            let cases: [(String?, String, String)] = [
                ("ru-RU", "Здравствуйте, Ivan", "ru"), ("de", "Вітаю, Ivan", "uk"), (nil, "Вітаю, Ivan", "uk"),
                ("en", "Hello Ivan", "en"),
            ]
            for (index, (language, expected, variant)) in cases.enumerated() {
                let languageField = language.map { #", "language": "\#($0)""# } ?? ""
                let posted = try await harness.request(
                    .post, "/api/v1/inboxes/\(inbox)/messages", token: org.adminToken,
                    json: #"{"external_id": "m\#(index)", "sender": {"external_id": "s\#(index)", "name": "Ivan"\#(languageField)}, "content": "Hi"}"#
                )
                let conversation = try #require(posted.json["conversation_id"]?.int)
                let rendered = try await harness.request(
                    .post, "/api/v1/templates/\(template)/render", token: org.adminToken,
                    json: #"{"conversation_id": \#(conversation)}"#
                )
                #expect(rendered.json["content"]?.string == expected, "\(language ?? "no language")")
                #expect(rendered.json["language"]?.string == variant)
                let sent = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken,
                    json: #"{"template_id": \#(template)}"#
                )
                #expect(sent.json["content"]?.string == expected)
            }
        }
    }
}
