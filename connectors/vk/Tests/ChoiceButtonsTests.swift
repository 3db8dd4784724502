import Foundation
import SwitchboardCore
import Testing

@testable import VKConnector

/// An intake question's options go out as a one-time VK keyboard of text buttons.
@Suite struct ChoiceButtonsTests {
    @Test func optionsBecomeAKeyboardParameter() async throws {
        let vk = FakeVK()
        await vk.answer("/method/messages.send", json: #"{"response": 1}"#)
        try await vk.serve { base in
            var message = outbound("Сколько вам лет?", inbox: DeliveryTests.inbox(base))
            message.choices = ["Да", "Нет"]
            _ = try await Fixtures.connector.deliver(message)
        }
        let form = try #require(await vk.received.first?.form)
        let keyboard = try #require(form["keyboard"]?.data(using: .utf8))
        let json = try #require(try JSONSerialization.jsonObject(with: keyboard) as? [String: Any])
        #expect(json["one_time"] as? Bool == true)
        let rows = try #require(json["buttons"] as? [[[String: Any]]])
        #expect(rows.compactMap { ($0.first?["action"] as? [String: Any])?["label"] as? String } == ["Да", "Нет"])
        #expect(form["message"] == "Сколько вам лет?")
    }
}
