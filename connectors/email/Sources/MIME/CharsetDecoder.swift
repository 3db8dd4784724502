#if canImport(Glibc)
    import Glibc
#endif

/// Turns bytes in a declared charset into text, and never fails.
///
/// Mail in Russian and Ukrainian still arrives in Windows-1251 and KOI8-R next to UTF-8, and senders mislabel
/// charsets or invent names. Known charsets go through the C library's iconv; anything it does not know, and any
/// byte it cannot convert, degrades to a lossy UTF-8 reading (invalid bytes become U+FFFD) so a message is always
/// readable.
enum CharsetDecoder {
    /// Decodes `bytes` declared as `charset`; nil or empty means "not declared", read as UTF-8.
    static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        guard let name = canonicalName(charset), name != "UTF-8" else { return lossyUTF8(bytes) }
        if bytes.isASCII, isASCIICompatible(name) { return lossyUTF8(bytes) }
        return convert(Array(bytes), from: name) ?? lossyUTF8(bytes)
    }

    /// Whether `bytes` are well-formed UTF-8.
    static func isValidUTF8(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    static func lossyUTF8(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The iconv name for a charset label, or nil when the label means UTF-8 or is not a plausible name.
    ///
    /// Labels are limited to name characters so nothing odd reaches iconv. ISO-8859-1 and US-ASCII are read as their
    /// supersets (Windows-1252 and UTF-8), as browsers do, because senders use those labels for the wider sets.
    static func canonicalName(_ label: String?) -> String? {
        guard let label else { return nil }
        let name = label.unicodeScalars.filter { !" \t\"'".unicodeScalars.contains($0) }
        guard !name.isEmpty, name.count <= 40, name.allSatisfy(isNameCharacter) else { return nil }
        let upper = String(String.UnicodeScalarView(name)).uppercased()
        return aliases[upper] ?? upper
    }

    private static let aliases: [String: String] = [
        "UTF8": "UTF-8", "UTF-8": "UTF-8", "UNICODE-1-1-UTF-8": "UTF-8",
        "US-ASCII": "UTF-8", "ASCII": "UTF-8", "ANSI_X3.4-1968": "UTF-8", "DEFAULT": "UTF-8",
        "ISO-8859-1": "WINDOWS-1252", "ISO8859-1": "WINDOWS-1252", "LATIN1": "WINDOWS-1252",
        "ISO_8859-1": "WINDOWS-1252", "L1": "WINDOWS-1252",
        "WIN-1251": "WINDOWS-1251", "WINDOWS1251": "WINDOWS-1251", "X-CP1251": "WINDOWS-1251",
        "CP-1251": "WINDOWS-1251",
        "KOI8R": "KOI8-R", "KOI8U": "KOI8-U",
        "ISO-8859-8-I": "ISO-8859-8",
        "GB2312": "GB18030", "GBK": "GB18030",
        "KS_C_5601-1987": "CP949",
        "X-MAC-CYRILLIC": "MACCYRILLIC",
    ]

    private static func isASCIICompatible(_ name: String) -> Bool {
        !(name.hasPrefix("UTF-16") || name.hasPrefix("UTF-32") || name.hasPrefix("UCS") || name == "UTF-7"
            || name.hasPrefix("ISO-2022") || name == "HZ-GB-2312")
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", ":": true
        default: false
        }
    }

    #if canImport(Glibc)
        /// Converts through iconv; nil when iconv does not know the charset.
        private static func convert(_ input: [UInt8], from charset: String) -> String? {
            let converter = iconv_open("UTF-8", charset)
            guard let converter, Int(bitPattern: converter) != -1 else { return nil }
            defer { iconv_close(converter) }
            var output: [UInt8] = []
            output.reserveCapacity(input.count * 2)
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            input.withUnsafeBufferPointer { source in
                chunk.withUnsafeMutableBufferPointer { target in
                    guard let sourceBase = source.baseAddress, let targetBase = target.baseAddress else { return }
                    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(
                        mutating: UnsafeRawPointer(sourceBase).assumingMemoryBound(to: CChar.self))
                    var inLeft = source.count
                    let outStart = UnsafeMutableRawPointer(targetBase).assumingMemoryBound(to: CChar.self)
                    /// Runs iconv once over what is left (or flushes its state) and keeps what it wrote.
                    func step(flush: Bool) -> Int32 {
                        var outPointer: UnsafeMutablePointer<CChar>? = outStart
                        var outLeft = target.count
                        let result =
                            flush
                            ? iconv(converter, nil, nil, &outPointer, &outLeft)
                            : iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                        let failure = result == -1 ? errno : 0
                        output.append(contentsOf: UnsafeBufferPointer(start: targetBase, count: target.count - outLeft))
                        return failure
                    }
                    while inLeft > 0 {
                        switch step(flush: false) {
                        case 0, E2BIG: continue
                        case EILSEQ:
                            output.append(contentsOf: replacementCharacter)
                            inPointer = inPointer.map { $0 + 1 }
                            inLeft -= 1
                        default:
                            output.append(contentsOf: replacementCharacter)
                            inLeft = 0
                        }
                    }
                    while step(flush: true) == E2BIG {}
                }
            }
            return String(decoding: output, as: UTF8.self)
        }

        private static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]
    #else
        /// Without iconv only UTF-8 is understood.
        private static func convert(_ input: [UInt8], from charset: String) -> String? { nil }
    #endif
}
