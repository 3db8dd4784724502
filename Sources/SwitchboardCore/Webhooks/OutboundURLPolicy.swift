import Foundation

/// Which addresses Switchboard may send requests to on an organization's behalf (webhooks, callbacks).
///
/// Whoever can save a URL could otherwise make the server reach what only it can reach: its own
/// loopback services, the private network, a cloud's metadata endpoint. URLs are checked when saved
/// (literal addresses and names that resolve there) and again on the resolved address before sending.
/// `allowPrivate` (SWITCHBOARD_ALLOW_PRIVATE_URLS=1) is for tests and single-machine setups.
public struct OutboundURLPolicy: Sendable {
    public var allowPrivate: Bool

    public init(allowPrivate: Bool) {
        self.allowPrivate = allowPrivate
    }

    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        OutboundURLPolicy(allowPrivate: environment["SWITCHBOARD_ALLOW_PRIVATE_URLS"] == "1")
    }

    /// Why the URL may not be used, or nil when it may. `resolving` also looks up the host name (before
    /// sending); saving checks the literal address only, so a slow resolver never holds up a request.
    public func refusal(of url: String, resolving: Bool = false) -> String? {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = parts.host, !host.isEmpty
        else { return "must be an http or https URL with a host" }
        guard !allowPrivate else { return nil }
        let name = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if name == "localhost" || name.hasSuffix(".localhost") || name.hasSuffix(".internal") {
            return "must not point to this machine or a private network"
        }
        let addresses = IPAddressRange.isLiteral(name) ? [name] : resolving ? Self.resolve(name) : []
        if let blocked = addresses.first(where: IPAddressRange.isPrivate) {
            return "must not point to this machine or a private network (\(host) is \(blocked))"
        }
        return nil
    }

    /// The addresses a name resolves to now (empty when it does not resolve).
    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }
}

/// Address ranges that belong to the machine itself or to private networks.
public enum IPAddressRange {
    public static func isLiteral(_ text: String) -> Bool {
        ipv4(text) != nil || text.contains(":")
    }

    public static func isPrivate(_ text: String) -> Bool {
        if let v4 = ipv4(text) { return isPrivateV4(v4) }
        let lower = text.lowercased()
        guard lower.contains(":") else { return false }
        // IPv4-mapped (::ffff:a.b.c.d) is judged by its IPv4 part.
        if let mapped = lower.split(separator: ":").last, let v4 = ipv4(String(mapped)) { return isPrivateV4(v4) }
        return lower == "::1" || lower == "::" || lower.hasPrefix("fe8") || lower.hasPrefix("fe9") || lower.hasPrefix("fea")
            || lower.hasPrefix("feb") || lower.hasPrefix("fc") || lower.hasPrefix("fd")
    }

    static func ipv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let bytes = parts.compactMap { UInt8($0) }
        return bytes.count == 4 ? bytes : nil
    }

    static func isPrivateV4(_ b: [UInt8]) -> Bool {
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _): return true
        case (169, 254): return true  // link-local, and the cloud metadata address 169.254.169.254
        case (172, 16...31), (192, 168): return true
        case (100, 64...127): return true  // carrier-grade NAT
        default: return b[0] >= 224  // multicast and reserved
        }
    }
}
