import Foundation
import Testing

@testable import TelegramConnector

@Suite struct TextChunksTests {
    @Test func shortTextStaysWhole() {
        #expect(TextChunks.split("Привет") == ["Привет"])
        #expect(TextChunks.split("   ").isEmpty)
    }

    @Test func splitsAtALineBreakInsideTheWindow() {
        let first = String(repeating: "а", count: 3000)
        let second = String(repeating: "б", count: 3000)
        #expect(TextChunks.split(first + "\n" + second) == [first, second])
    }

    @Test func neverCutsAnEmojiInHalf() {
        let text = String(repeating: "👩‍👧", count: 3000)  // no spaces, 5 UTF-16 units each
        let pieces = TextChunks.split(text)
        #expect(pieces.count > 1)
        #expect(pieces.allSatisfy { $0.utf16.count <= 4096 })
        #expect(pieces.joined() == text)
        #expect(pieces.allSatisfy { $0.allSatisfy { $0 == "👩‍👧" } })
    }
}

@Suite struct ContentFormattingTests {
    @Test func coordinatesAreShortAndPlain() {
        #expect(MessageContent.coordinate(55.7558) == "55.7558")
        #expect(MessageContent.coordinate(-33.8568) == "-33.8568")
        #expect(MessageContent.coordinate(0.00001) == "0.00001")
        #expect(MessageContent.coordinate(12) == "12")
    }

    @Test func senderFileNamesLoseTheirPaths() {
        #expect(MessageContent.safeFileName("../../etc/passwd") == ".._.._etc_passwd")
        #expect(MessageContent.safeFileName("отчёт.pdf") == "отчёт.pdf")
        #expect(MessageContent.safeFileName("  ") == nil)
    }

    @Test func uploadFileNamesCannotBreakTheFormHeader() {
        #expect(MultipartForm.quoted("a\"b\r\nc.txt") == "a_b__c.txt")
    }
}
