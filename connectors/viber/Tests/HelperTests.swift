import Foundation
import SwitchboardCore
import Testing

@testable import ViberConnector

@Suite("Splitting, naming and settings")
struct HelperTests {
    @Test("a text within the limit stays one message")
    func shortText() {
        #expect(ViberTextSplitter.split("Привіт 👋") == ["Привіт 👋"])
        #expect(ViberTextSplitter.split(String(repeating: "a", count: 7000)).count == 1)
    }

    @Test("a long text breaks at the last line break, else the last space, in the second half")
    func breaksAtSeparators() {
        #expect(ViberTextSplitter.split("aaaa\nbb cc dd", limit: 8) == ["aaaa", "bb cc dd"])
        #expect(ViberTextSplitter.split("aaaa bbbb cccc", limit: 10) == ["aaaa bbbb", "cccc"])
        #expect(ViberTextSplitter.split("a\nbbbbbbbbbb", limit: 6) == ["a\nbbbb", "bbbbbb"])
    }

    @Test("a text without spaces is cut hard, never inside an emoji")
    func neverSplitsCharacters() {
        let text = String(repeating: "😀", count: 5)  // two UTF-16 units each
        let parts = ViberTextSplitter.split(text, limit: 5)
        #expect(parts == ["😀😀", "😀😀", "😀"])
        #expect(parts.joined() == text)
    }

    @Test("coordinates read as plain decimals")
    func coordinates() {
        #expect(ViberMessageContent.coordinate(55.7558) == "55.7558")
        #expect(ViberMessageContent.coordinate(0.00001) == "0.00001")
        #expect(ViberMessageContent.coordinate(-33.8688197) == "-33.86882")
        #expect(ViberMessageContent.coordinate(10) == "10")
    }

    @Test("settings fall back to the inbox name and Viber's own API, and trim a trailing slash")
    func settings() {
        let inbox = Fixtures.inbox(config: ["bot_name": .null], name: "Міська служба допомоги")
        let settings = ViberSettings(inbox)
        #expect(settings.senderName == "Міська служба допомоги")
        #expect(settings.url("send_message") == "https://chatapi.viber.com/pa/send_message")
        let custom = ViberSettings(Fixtures.inbox(config: ["api_base_url": .string("http://127.0.0.1:8099/pa/")]))
        #expect(custom.url("set_webhook") == "http://127.0.0.1:8099/pa/set_webhook")
    }

    @Test("Viber refusals sort into permanent, throttled and temporary")
    func statusMapping() {
        #expect(ViberStatus.failure(status: 5, message: nil) == .permanent("receiverNotRegistered (Viber status 5)"))
        #expect(
            ViberStatus.failure(status: 11, message: "receiverNoSuitableDevice")
                == .permanent("receiverNoSuitableDevice (Viber status 11)"))
        #expect(ViberStatus.failure(status: 3, message: "badData") == .permanent("badData (Viber status 3)"))
        #expect(
            ViberStatus.failure(status: 12, message: "")
                == .throttled("tooManyRequests (Viber status 12)", retryAfter: .seconds(60)))
        #expect(ViberStatus.failure(status: -1, message: nil) == .temporary("general error (Viber status -1)"))
    }
}
