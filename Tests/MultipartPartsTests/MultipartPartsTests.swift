import MultipartParts
import SwitchboardCore
import Testing

@Suite struct MultipartPartsTests {
    static func body(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func readsFieldsAndFilesAsBrowsersSendThem() throws {
        let body = Self.body(
            "preamble\r\n--B\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\nhello\r\nworld\r\n"
                + "--B  \r\ncontent-disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n"
                + "x--B is not a delimiter\r\n--B--\r\nepilogue"
        )
        let parts = try MultipartParts.split(body, boundary: "B")
        #expect(parts.count == 2)
        #expect(parts[0].headers["content-disposition"] == "form-data; name=\"message\"")
        #expect(parts[0].body == Self.body("hello\r\nworld"))
        #expect(parts[1].headers["content-type"] == "text/plain")
        #expect(parts[1].body == Self.body("x--B is not a delimiter"))
    }

    @Test func keepsNonUTF8FileNamesReadable() throws {
        var body = Self.body("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
        body += [0xFF, 0xC3, 0xA9]
        body += Self.body("\"\r\n\r\nx\r\n--B--")
        let parts = try MultipartParts.split(body, boundary: "B")
        #expect(parts[0].headers["content-disposition"]?.contains("\u{FFFD}é") == true)
    }

    /// The request that once stopped the whole server: a header name with a non-ASCII byte.
    @Test func refusesNonASCIIHeaderNames() {
        let body: [UInt8] = Self.body("--B\r\n") + [0xC2, 0xA3] + Self.body(": x\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\nhello\r\n--B--\r\n")
        #expect(throws: SwitchboardError.self) { try MultipartParts.split(body, boundary: "B") }
    }

    @Test(arguments: [
        "--B\r\nContent-Disposition: form-data; name=\"m\"\r\n\r\ncut off",
        "--B\r\nContent-Disposition: form-data; name=\"m\"\r\n\r\nno closing\r\n--B",
        "--B\r\nno blank line\r\n--B--",
        "--B\r\n: empty name\r\n\r\nx\r\n--B--",
        " continuation first\r\n--B--",
        "nothing at all",
        "",
    ])
    func refusesBrokenBodies(_ text: String) {
        #expect(throws: SwitchboardError.self) { try MultipartParts.split(Self.body(text), boundary: "B") }
    }

    @Test(arguments: ["", String(repeating: "b", count: 71), "bad\u{0}byte", "ends in space "])
    func refusesUnusableBoundaries(_ boundary: String) {
        #expect(throws: SwitchboardError.self) { try MultipartParts.split(Self.body("--x--"), boundary: boundary) }
    }

    /// A seeded random walk over mutations of real bodies: every input ends in parts or in a
    /// `SwitchboardError`, never in a trap (a trap would end the test process). The seed is printed
    /// on failure, so a finding can be replayed.
    @Test func survivesMutatedBodies() throws {
        let seeds: [[UInt8]] = [
            Self.body("--B\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\nhello\r\n--B--\r\n"),
            Self.body(
                "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\n"
                    + "\u{89}PNG\r\n\r\n--B\r\n Folded: yes\r\nA: b\r\n\tc\r\n\r\nz\r\n--B--"
            ),
            Self.body("--B\r\n\r\n\r\n--B--"),
        ]
        let alphabet: [UInt8] = Array("-B\r\n: \t\"=;".utf8) + [0x00, 0x7F, 0x80, 0xC2, 0xA3, 0xFF]
        var random = SplitMix64(seed: 0x5EED_F00D)
        var outcomes = (parts: 0, refused: 0)
        for _ in 0..<20_000 {
            var body = seeds[Int(random.next() % UInt64(seeds.count))]
            for _ in 0..<(1 + random.next() % 6) {
                let position = body.isEmpty ? 0 : Int(random.next() % UInt64(body.count + 1))
                switch random.next() % 5 {
                case 0 where !body.isEmpty && position < body.count: body.remove(at: position)
                case 1: body.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: position)
                case 2 where position < body.count: body[position] = UInt8(truncatingIfNeeded: random.next())
                case 3: body.insert(contentsOf: Self.body("\r\n--B"), at: position)
                default: body = Array(body[..<position])
                }
            }
            do {
                let parts = try MultipartParts.split(body, boundary: "B")
                #expect(parts.allSatisfy { $0.body.count <= body.count })
                outcomes.parts += 1
            } catch {
                outcomes.refused += 1
            }
        }
        // Both outcomes must occur, or the mutations are not exercising the parser.
        #expect(outcomes.parts > 100 && outcomes.refused > 100, "outcomes: \(outcomes)")
    }
}

/// A tiny deterministic generator, so a fuzz run can be replayed exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
