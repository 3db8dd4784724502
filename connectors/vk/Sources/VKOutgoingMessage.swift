/// A reply cut into the `messages.send` calls VK takes: text of at most `textLimit` UTF-16 units per call
/// (VK refuses longer text) and at most `attachmentLimit` attachments per call, which ride with the last
/// text part.
struct VKOutgoingMessage: Equatable {
    struct Part: Equatable {
        var text: String
        var attachments: [String]
    }

    static let textLimit = 4000
    static let attachmentLimit = 10

    var parts: [Part]

    init(text: String, attachments: [String]) {
        var parts = Self.split(text).map { Part(text: $0, attachments: []) }
        var groups = stride(from: 0, to: attachments.count, by: Self.attachmentLimit).map {
            Array(attachments[$0..<min($0 + Self.attachmentLimit, attachments.count)])
        }
        if !groups.isEmpty {
            if parts.isEmpty {
                parts.append(Part(text: "", attachments: groups.removeFirst()))
            } else {
                parts[parts.count - 1].attachments = groups.removeFirst()
            }
        }
        parts += groups.map { Part(text: "", attachments: $0) }
        self.parts = parts
    }

    /// Text in pieces within the limit, cut after a line break or space when one is in the second half.
    static func split(_ text: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.utf16.count <= textLimit {
                pieces.append(String(rest))
                break
            }
            var end = rest.startIndex
            var units = 0
            var lastBreak: String.Index?
            var unitsAtBreak = 0
            while end < rest.endIndex {
                let character = rest[end]
                let width = character.utf16.count
                if units + width > textLimit { break }
                units += width
                end = rest.index(after: end)
                if character.isNewline || character == " " {
                    lastBreak = end
                    unitsAtBreak = units
                }
            }
            if let lastBreak, unitsAtBreak > textLimit / 2 { end = lastBreak }
            if end == rest.startIndex { end = rest.index(after: end) }
            pieces.append(String(rest[..<end]))
            rest = rest[end...]
        }
        return pieces.filter { !$0.isEmpty }
    }

    /// `random_id` for one part: VK drops a second message with the same `random_id` from the same
    /// community to the same peer within about an hour, so a retried delivery never shows twice.
    ///
    /// It is the low 31 bits of our message id; later parts flip bits 24 and up by the part's index.
    /// Two replies share a value only when their ids differ by a multiple of 2^31 (or of 2^24 for a
    /// long reply's later parts): never for the same person within the same hour in practice.
    static func randomID(messageID: Int64, part: Int) -> Int32 {
        let base = Int32(truncatingIfNeeded: messageID) ^ Int32(truncatingIfNeeded: part << 24)
        let value = base & 0x7fff_ffff
        return value == 0 ? 0x7fff_ffff : value
    }
}
