import Foundation
import SwitchboardCore
import Testing

@testable import WhatsAppConnector

/// An intake question's options: reply buttons, a list, or numbered text when they fit neither.
@Suite struct ChoiceButtonsTests {
    static func send(_ choices: [String], language: String? = nil) async throws -> JSONValue {
        let graph = FakeGraph()
        await graph.on("POST", DeliveryTests.messagesPath, try .fixture("send-accepted.json", status: 200))
        try await graph.serve { origin in
            var message = DeliveryTests.reply("What is it about?", origin: origin)
            message.choices = choices
            message.contactLanguage = language
            _ = try await Fixtures.connector.deliver(message)
        }
        return try #require(try await graph.received.first?.json())
    }

    @Test func upToThreeShortOptionsAreReplyButtons() async throws {
        let json = try await Self.send(["Family", "Work", "Health"])
        #expect(json["type"] == "interactive")
        guard case .object(let interactive)? = json["interactive"] else { Issue.record("\(json)"); return }
        #expect(interactive["type"] == "button")
        #expect(interactive["body"] == .object(["text": "What is it about?"]))
        guard case .object(let action)? = interactive["action"], case .array(let buttons)? = action["buttons"] else {
            Issue.record("\(interactive)")
            return
        }
        #expect(buttons.first == .object(["type": "reply", "reply": .object(["id": "1", "title": "Family"])]))
        #expect(buttons.count == 3)
    }

    @Test func moreOptionsAreAListAndLongOnesNumberedText() async throws {
        let list = try await Self.send(["Family", "Work", "Health", "Money"])
        guard case .object(let interactive)? = list["interactive"], case .object(let action)? = interactive["action"]
        else { Issue.record("\(list)"); return }
        #expect(interactive["type"] == "list")
        #expect(action["button"] == "Choose")
        let numbered = try await Self.send(["A very long option that no button can hold", "Short"])
        #expect(numbered["type"] == "text")
        guard case .object(let text)? = numbered["text"] else { Issue.record("\(numbered)"); return }
        #expect(text["body"] == "What is it about?\n\n1. A very long option that no button can hold\n2. Short")
    }
}

extension ChoiceButtonsTests {
    @Test("the list's button speaks the contact's language, as the question does")
    func listButtonInTheContactsLanguage() async throws {
        let options = ["Сім'я", "Робота", "Здоров'я", "Гроші"]
        for (language, title) in [("uk-UA", "Обрати"), ("ru", "Выбрать"), ("de", "Choose"), (nil, "Choose")] {
            let list = try await Self.send(options, language: language)
            guard case .object(let interactive)? = list["interactive"], case .object(let action)? = interactive["action"]
            else { Issue.record("\(list)"); continue }
            #expect(action["button"] == .string(title), "\(language ?? "no language")")
        }
    }
}
