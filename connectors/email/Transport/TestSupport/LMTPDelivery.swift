import NIOCore
import NIOPosix

/// A minimal LMTP client: how the tests put mail into dovecot, as a mail server would.
public enum LMTPDelivery {
    public struct Refused: Error, CustomStringConvertible {
        public let step: String
        public let reply: String
        public var description: String { "LMTP \(step) refused: \(reply)" }
    }

    public static func deliver(_ message: [UInt8], to recipient: String, host: String, port: Int) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = ReplyReader(lines: inbound.makeAsyncIterator())
            try await replies.expect("220", step: "greeting")
            for (command, expected) in [
                ("LHLO tests.example.org", "250"), ("MAIL FROM:<seed@example.org>", "250"),
                ("RCPT TO:<\(recipient)>", "250"), ("DATA", "354"),
            ] {
                try await outbound.write(ByteBuffer(string: command + "\r\n"))
                try await replies.expect(expected, step: command)
            }
            try await outbound.write(ByteBuffer(bytes: dotStuffed(message)))
            try await replies.expect("250", step: "delivery")
            try await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }

    /// The message as DATA wants it: lines starting with a dot get one more, then CRLF . CRLF.
    public static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var atLineStart = true
        for byte in message {
            if atLineStart && byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            output.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        if !output.isEmpty && !atLineStart { output += Array("\r\n".utf8) }
        return output + Array(".\r\n".utf8)
    }

    /// Reads whole replies (the last line of a multi-line reply has a space after the code).
    struct ReplyReader {
        var lines: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var pending: [UInt8] = []

        mutating func expect(_ code: String, step: String) async throws {
            while true {
                let line = try await nextLine()
                guard line.count >= 4, line.hasPrefix(code) else { throw Refused(step: step, reply: line) }
                if line.dropFirst(3).first == " " { return }
            }
        }

        private mutating func nextLine() async throws -> String {
            while true {
                if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = pending[..<end].filter { $0 != UInt8(ascii: "\r") }
                    pending.removeSubrange(...end)
                    return String(decoding: line, as: UTF8.self)
                }
                guard let buffer = try await lines.next() else { throw Refused(step: "reading", reply: "closed") }
                pending += buffer.readableBytesView
            }
        }
    }
}
