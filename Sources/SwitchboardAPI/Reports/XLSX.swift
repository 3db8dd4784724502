import Foundation
import NIOCore

/// A small Office Open XML workbook writer: one sheet, typed cells, written as it goes.
///
/// The file is a zip of six parts. Five are tiny and fixed; the sheet (`xl/worksheets/sheet1.xml`) is
/// written row by row as the rows are read, so a workbook of any size holds one page in memory. The zip
/// entries are stored (no compression), each followed by a data descriptor with its CRC-32 and size, so
/// nothing has to be known before it is written; the central directory at the end lists them all.
///
/// Cells: numbers are numbers, times are date-time serials in the account's time zone shown as
/// `yyyy-mm-dd hh:mm:ss`, text is an inline string (no shared-string table to hold in memory). Text is
/// XML-escaped, and characters XML 1.0 forbids (most control characters, lone surrogates, U+FFFE/U+FFFF)
/// are left out, so no contact name can break the file. Like the CSV, text a spreadsheet would run as a
/// formula is not a formula here: an inline string is never evaluated.
enum XLSX {
    static let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    /// Excel's limit: 1,048,576 rows per sheet, the header included.
    static let maxRows = 1_048_576
    /// Excel's limit for the text of one cell.
    static let maxCellCharacters = 32_767
    /// Stored entries without Zip64: the whole file must stay below 4 GiB.
    static let maxEntryBytes: UInt64 = 0xFFFF_FFFF

    enum Cell {
        case text(String?)
        case number(Double?)
        case time(Date?)
    }

    // MARK: - the sheet

    /// The number of days since 1899-12-30 of `date` as a clock in `zone` shows it (a spreadsheet's serial).
    static func serial(_ date: Date, in zone: TimeZone) -> Double {
        let local = date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))
        return local / 86_400 + 25_569
    }

    /// "A", "B", … "Z", "AA", … for a 0-based column.
    static func column(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let digit = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// Text for an XML element or attribute: escaped, with what XML 1.0 forbids left out.
    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let allowed = v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v)
                || (0x10000...0x10FFFF).contains(v)
            guard allowed else { continue }
            count += 1
            if count > maxCellCharacters { break }
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&apos;".unicodeScalars)
            case "\r": out.append(contentsOf: "&#13;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// One `<row>`: `index` is 1-based; the header row is bold (style 2); times are shown in `zone`.
    static func row(_ index: Int, _ cells: [Cell], zone: TimeZone, header: Bool = false) -> String {
        var xml = "<row r=\"\(index)\">"
        for (n, cell) in cells.enumerated() {
            let ref = "\(column(n))\(index)"
            switch cell {
            case .text(let value):
                guard let value, !value.isEmpty else { continue }
                let space = value.first?.isWhitespace == true || value.last?.isWhitespace == true ? " xml:space=\"preserve\"" : ""
                xml += "<c r=\"\(ref)\" t=\"inlineStr\"\(header ? " s=\"2\"" : "")><is><t\(space)>\(escape(value))</t></is></c>"
            case .number(let value):
                guard let value, value.isFinite else { continue }
                let text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
                xml += "<c r=\"\(ref)\"><v>\(text)</v></c>"
            case .time(let value):
                guard let value else { continue }
                xml += "<c r=\"\(ref)\" s=\"1\"><v>\(String(format: "%.8f", serial(value, in: zone)))</v></c>"
            }
        }
        return xml + "</row>"
    }

    static func sheetStart(columns: Int) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
        </sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>
        """
    }

    static let sheetEnd = "</sheetData></worksheet>"

    /// The fixed parts, for a sheet named `sheetName`.
    static func fixedParts(sheetName: String) -> [(String, String)] {
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        return [
            (
                "[Content_Types].xml",
                head + """
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                    <Default Extension="xml" ContentType="application/xml"/>\
                    <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                    <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
                    </Types>
                    """
            ),
            (
                "_rels/.rels",
                head + """
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                    </Relationships>
                    """
            ),
            (
                "xl/workbook.xml",
                head + """
                    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                    xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                    <sheets><sheet name="\(escape(sheetName))" sheetId="1" r:id="rId1"/></sheets></workbook>
                    """
            ),
            (
                "xl/_rels/workbook.xml.rels",
                head + """
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
                    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
                    </Relationships>
                    """
            ),
            (
                "xl/styles.xml",
                // Style 0: general; 1: a date-time; 2: bold (the header).
                head + """
                    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
                    <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/></numFmts>\
                    <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
                    <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
                    <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
                    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
                    <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
                    <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
                    <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
                    <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
                    </styleSheet>
                    """
            ),
        ]
    }

    /// A whole small workbook (reports), in memory.
    static func document(header: [String], rows: [[Cell]], zone: TimeZone, sheetName: String) -> ByteBuffer {
        var zip = ZipWriter()
        var out = ByteBuffer()
        for (name, text) in fixedParts(sheetName: sheetName) { out.writeBytes(zip.storedEntry(name, Array(text.utf8))) }
        var sheet = sheetStart(columns: header.count) + row(1, header.map { .text($0) }, zone: zone, header: true)
        for (index, cells) in rows.prefix(maxRows - 1).enumerated() { sheet += row(index + 2, cells, zone: zone) }
        sheet += sheetEnd
        out.writeBytes(zip.storedEntry("xl/worksheets/sheet1.xml", Array(sheet.utf8)))
        out.writeBytes(zip.finish())
        return out
    }
}

/// The zip container of a workbook: stored entries, with data descriptors for the one written in parts.
struct ZipWriter {
    struct Entry {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
        var descriptor: Bool
    }

    private(set) var entries: [Entry] = []
    private(set) var offset: UInt64 = 0
    private var open: (name: [UInt8], offset: UInt32, crc: UInt32, size: UInt64)?

    /// 1980-01-01 00:00, the earliest time a zip can hold: the parts carry no meaningful time.
    static let dosTime: UInt16 = 0
    static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1

    static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32<S: Sequence>(_ bytes: S, start: UInt32 = 0) -> UInt32 where S.Element == UInt8 {
        var c = ~start
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return ~c
    }

    private static func le16(_ v: UInt16, _ out: inout [UInt8]) { out += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private static func le32(_ v: UInt32, _ out: inout [UInt8]) {
        out += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
    }

    private func localHeader(_ name: [UInt8], crc: UInt32, size: UInt32, descriptor: Bool) -> [UInt8] {
        var out: [UInt8] = []
        Self.le32(0x0403_4B50, &out)
        Self.le16(20, &out)  // version needed
        Self.le16((descriptor ? 0x0008 : 0) | 0x0800, &out)  // data descriptor; names are UTF-8
        Self.le16(0, &out)  // stored
        Self.le16(Self.dosTime, &out)
        Self.le16(Self.dosDate, &out)
        Self.le32(crc, &out)
        Self.le32(size, &out)
        Self.le32(size, &out)
        Self.le16(UInt16(name.count), &out)
        Self.le16(0, &out)
        return out + name
    }

    /// A whole entry whose bytes are known.
    mutating func storedEntry(_ name: String, _ data: [UInt8]) -> [UInt8] {
        let nameBytes = Array(name.utf8)
        let crc = Self.crc32(data)
        let header = localHeader(nameBytes, crc: crc, size: UInt32(data.count), descriptor: false)
        entries.append(Entry(name: nameBytes, crc: crc, size: UInt32(data.count), offset: UInt32(offset), descriptor: false))
        offset += UInt64(header.count + data.count)
        return header + data
    }

    /// Starts an entry written in parts (`write`), closed by `endEntry`.
    mutating func beginEntry(_ name: String) -> [UInt8] {
        let nameBytes = Array(name.utf8)
        let header = localHeader(nameBytes, crc: 0, size: 0, descriptor: true)
        open = (nameBytes, UInt32(offset), 0, 0)
        offset += UInt64(header.count)
        return header
    }

    /// Accounts for one part of the open entry (the caller writes the bytes themselves).
    mutating func write(_ bytes: ByteBuffer) throws {
        guard var entry = open else { return }
        entry.crc = bytes.withUnsafeReadableBytes { Self.crc32($0, start: entry.crc) }
        entry.size += UInt64(bytes.readableBytes)
        // Without Zip64 every size and offset, the central directory's included, must stay below 4 GiB.
        guard offset + UInt64(bytes.readableBytes) < XLSX.maxEntryBytes - 1_048_576 else { throw ZipError.tooLarge }
        open = entry
        offset += UInt64(bytes.readableBytes)
    }

    /// The data descriptor of the open entry.
    mutating func endEntry() -> [UInt8] {
        guard let entry = open else { return [] }
        var out: [UInt8] = []
        Self.le32(0x0807_4B50, &out)
        Self.le32(entry.crc, &out)
        Self.le32(UInt32(entry.size), &out)
        Self.le32(UInt32(entry.size), &out)
        entries.append(Entry(name: entry.name, crc: entry.crc, size: UInt32(entry.size), offset: entry.offset, descriptor: true))
        offset += UInt64(out.count)
        open = nil
        return out
    }

    /// The central directory and its end record.
    mutating func finish() -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            Self.le32(0x0201_4B50, &out)
            Self.le16(20, &out)  // made by
            Self.le16(20, &out)  // needed
            Self.le16((entry.descriptor ? 0x0008 : 0) | 0x0800, &out)
            Self.le16(0, &out)
            Self.le16(Self.dosTime, &out)
            Self.le16(Self.dosDate, &out)
            Self.le32(entry.crc, &out)
            Self.le32(entry.size, &out)
            Self.le32(entry.size, &out)
            Self.le16(UInt16(entry.name.count), &out)
            Self.le16(0, &out)  // extra
            Self.le16(0, &out)  // comment
            Self.le16(0, &out)  // disk
            Self.le16(0, &out)  // internal attributes
            Self.le32(0, &out)  // external attributes
            Self.le32(entry.offset, &out)
            out += entry.name
        }
        var end: [UInt8] = []
        Self.le32(0x0605_4B50, &end)
        Self.le16(0, &end)
        Self.le16(0, &end)
        Self.le16(UInt16(entries.count), &end)
        Self.le16(UInt16(entries.count), &end)
        Self.le32(UInt32(out.count), &end)
        Self.le32(UInt32(offset), &end)
        Self.le16(0, &end)
        offset += UInt64(out.count + end.count)
        return out + end
    }

    enum ZipError: Error { case tooLarge }
}
