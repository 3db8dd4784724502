#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwitchboardCore

/// Splits a complete `multipart/form-data` body (RFC 7578, RFC 2046 §5.1) into its parts, for every
/// place that takes uploads (web form posts, template files).
///
/// Written here rather than taken from a library because the body comes from anybody on the internet:
/// every byte sequence must end in parts or in `SwitchboardError.malformed`, never in a trap, and the
/// work must stay linear in the body's size (delimiters are found with `memmem`). A body that does
/// not end with its closing delimiter is refused, so a cut-off upload is never stored as if whole.
public enum MultipartParts {
    /// One part: its header fields (names lower-cased) and its bytes.
    public struct Part: Sendable {
        public var headers: [String: String] = [:]
        public var body: [UInt8] = []
    }

    /// More parts than any form sends; past it the body is refused instead of read on.
    public static let maxParts = 1_000
    /// The header block of one part; browsers send a few hundred bytes.
    public static let maxHeaderBytes = 16 * 1024

    public static func split(_ body: [UInt8], boundary: String) throws(SwitchboardError) -> [Part] {
        guard isUsableBoundary(boundary) else {
            throw .malformed("the multipart boundary must be 1 to 70 characters of the set RFC 2046 allows")
        }
        let dashBoundary = Array("--\(boundary)".utf8)
        let delimiter = Array("\r\n--\(boundary)".utf8)
        var parts: [Part] = []
        return try body.withUnsafeBufferPointer { (bytes) throws(SwitchboardError) -> [Part] in
            // The first delimiter may open the body or follow a preamble (after a CRLF).
            var cursor: Int
            if bytes.starts(with: dashBoundary) {
                cursor = dashBoundary.count
            } else if let found = find(delimiter, in: bytes, from: 0) {
                cursor = found + delimiter.count
            } else {
                throw .malformed("the multipart body has no part (no delimiter --\(boundary))")
            }
            while true {
                // After a delimiter: "--" closes the body; otherwise optional padding, then CRLF and a part.
                if bytes.hasBytes("--", at: cursor) { break }
                cursor = bytes.skippingPadding(from: cursor)
                guard bytes.hasBytes("\r\n", at: cursor) else {
                    throw .malformed("a multipart delimiter must be followed by a line break")
                }
                cursor += 2
                guard let end = find(delimiter, in: bytes, from: cursor) else {
                    throw .malformed("the multipart body ends before its closing boundary")
                }
                guard parts.count < maxParts else {
                    throw .malformed("the multipart body has more than \(maxParts) parts")
                }
                parts.append(try part(bytes, from: cursor, to: end))
                cursor = end + delimiter.count
            }
            guard !parts.isEmpty else { throw .malformed("the multipart body has no part") }
            return parts
        }
    }

    /// RFC 2046's `bchars`: what a boundary may hold, so it can never be confused with header syntax.
    static func isUsableBoundary(_ boundary: String) -> Bool {
        let utf8 = Array(boundary.utf8)
        guard (1...70).contains(utf8.count), utf8.last != UInt8(ascii: " ") else { return false }
        return utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || Array("'()+_,-./:=? ".utf8).contains(byte)
        }
    }

    /// One part between `start` (just after the CRLF that follows its delimiter) and `end` (its closing CRLF).
    private static func part(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) throws(SwitchboardError) -> Part {
        var part = Part()
        let headerEnd: Int
        if end - start >= 2, bytes.hasBytes("\r\n", at: start) {
            headerEnd = start  // no header fields at all
        } else if let blank = find(Array("\r\n\r\n".utf8), in: UnsafeBufferPointer(rebasing: bytes[..<end]), from: start) {
            headerEnd = blank + 2
        } else {
            throw .malformed("a multipart part has no blank line between its headers and its content")
        }
        guard headerEnd - start <= maxHeaderBytes else {
            throw .malformed("the headers of a multipart part are longer than \(maxHeaderBytes) bytes")
        }
        part.headers = try headers(UnsafeBufferPointer(rebasing: bytes[start..<headerEnd]))
        part.body = Array(bytes[(headerEnd + 2)..<end])
        return part
    }

    /// `Name: value` lines (each ending in CRLF); a line starting with a space or tab continues the
    /// previous value (obsolete folding, still sent by some mail-derived tools). Names are RFC 9110 tokens.
    private static func headers(_ block: UnsafeBufferPointer<UInt8>) throws(SwitchboardError) -> [String: String] {
        var fields: [String: String] = [:]
        var lastName: String?
        for line in block.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            var line = line[...]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.isEmpty { continue }
            if line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t") {
                guard let name = lastName else { throw .malformed("a multipart part's headers start with a continuation line") }
                fields[name, default: ""] += " " + text(line).trimmedOfSpacesAndTabs
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                line[line.startIndex..<colon].allSatisfy(isTokenByte)
            else {
                throw .malformed("a multipart part has a header line that is not \"Name: value\" with an ASCII name")
            }
            let name = text(line[line.startIndex..<colon]).lowercased()
            fields[name] = text(line[(colon + 1)...]).trimmedOfSpacesAndTabs
            lastName = name
        }
        return fields
    }

    /// Header values as UTF-8 (what browsers send for non-ASCII file names); bytes that are not UTF-8
    /// become U+FFFD rather than a reason to refuse the upload.
    private static func text(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes), as: UTF8.self)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
    }

    /// The offset of the first `needle` in `haystack` at or after `start`: `memchr` finds each candidate
    /// first byte, `memcmp` checks the rest, so the work stays linear for any input.
    private static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = haystack.baseAddress, !needle.isEmpty, start >= 0 else { return nil }
        return needle.withUnsafeBufferPointer { needleBytes -> Int? in
            let first = Int32(needleBytes[0])
            var cursor = start
            while haystack.count - cursor >= needle.count {
                guard let hit = memchr(base + cursor, first, haystack.count - cursor - needle.count + 1) else { return nil }
                let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + offset, needleBytes.baseAddress!, needle.count) == 0 { return offset }
                cursor = offset + 1
            }
            return nil
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    fileprivate func hasBytes(_ text: StaticString, at offset: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard offset >= 0, offset + count <= self.count else { return false }
        for index in 0..<count where self[offset + index] != text.utf8Start[index] { return false }
        return true
    }

    /// Past the spaces and tabs RFC 2046 allows between a delimiter and its line break.
    fileprivate func skippingPadding(from offset: Int) -> Int {
        var cursor = offset
        while cursor < count, self[cursor] == UInt8(ascii: " ") || self[cursor] == UInt8(ascii: "\t") { cursor += 1 }
        return cursor
    }
}

extension String {
    fileprivate var trimmedOfSpacesAndTabs: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
