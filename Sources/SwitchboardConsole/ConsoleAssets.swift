import Crypto
import Foundation

/// One file of the console, ready to send: its bytes, their gzip form when that is smaller, and a
/// strong ETag from their SHA-256.
public struct ConsoleAsset: Sendable {
    public let name: String
    public let contentType: String
    public let bytes: [UInt8]
    public let gzipped: [UInt8]?
    public let etag: String
}

/// The agent console: HTML, CSS and JavaScript modules written by hand (no build step), bundled as
/// resources of this target and read once at start. `index.html` is the page at `/`; every other file
/// is flat under `/console/{version}/`, so modules import each other as `./name.js` and a browser may
/// keep them for a year: `version` is a hash of all of them, which `index.html` names (`%VERSION%`).
public enum ConsoleAssets {
    public static let page: ConsoleAsset = {
        guard let index = loaded["index.html"] else {
            preconditionFailure("index.html is missing from the console's assets")
        }
        let text = String(decoding: index.bytes, as: UTF8.self).replacingOccurrences(of: "%VERSION%", with: version)
        return asset(name: index.name, contentType: index.contentType, bytes: Array(text.utf8))
    }()

    /// The files under `/console/{version}/`, by name.
    public static let files: [String: ConsoleAsset] = loaded.filter { $0.key != "index.html" }

    /// Changes whenever any file does.
    public static let version: String = {
        let listing = loaded.keys.sorted().map { "\($0) \(loaded[$0]?.etag ?? "")" }.joined(separator: "\n")
        return hex(SHA256.hash(data: Array(listing.utf8)).prefix(8))
    }()

    static func asset(name: String, contentType: String, bytes: [UInt8]) -> ConsoleAsset {
        let gzipped = Gzip.compress(bytes).flatMap { $0.count < bytes.count ? $0 : nil }
        let etag = "\"" + hex(SHA256.hash(data: bytes).prefix(12)) + "\""
        return ConsoleAsset(name: name, contentType: contentType, bytes: bytes, gzipped: gzipped, etag: etag)
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static let loaded: [String: ConsoleAsset] = {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Assets"),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else {
            preconditionFailure("the console's Assets folder is missing from the SwitchboardConsole resource bundle")
        }
        var assets: [String: ConsoleAsset] = [:]
        for name in names {
            guard let type = contentTypes[String(name.split(separator: ".").last ?? "")],
                let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
            else { continue }
            assets[name] = asset(name: name, contentType: type, bytes: [UInt8](data))
        }
        return assets
    }()

    static let contentTypes = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "json": "application/json",
    ]
}
