import AsyncHTTPClient
import Foundation
import NIOCore
import SwitchboardCore
import Testing

@testable import ViberConnector

/// An intake question's options go out as a Viber keyboard whose buttons reply with the option's text.
@Suite struct ChoiceButtonsTests {
    @Test("options become reply buttons on the message, with API version 3")
    func keyboard() async throws {
        let viber = FakeViber()
        try await viber.serve { base in
            var message = DeliveryTests.reply("Про що йдеться?", base: base)
            message.choices = ["Family", "Work"]
            _ = try await ViberConnector(httpClient: .shared, timeout: .seconds(5)).deliver(message)
        }
        let json = try #require(await viber.received.first?.json)
        #expect(json["min_api_version"] as? Int == 3)
        let keyboard = try #require(json["keyboard"] as? [String: Any])
        #expect(keyboard["Type"] as? String == "keyboard")
        let buttons = try #require(keyboard["Buttons"] as? [[String: Any]])
        #expect(buttons.compactMap { $0["ActionBody"] as? String } == ["Family", "Work"])
        #expect(buttons.compactMap { $0["Text"] as? String } == ["Family", "Work"])
        #expect(buttons.allSatisfy { $0["ActionType"] as? String == "reply" })
    }
}
