import Foundation

/// Which download links the access token may be sent to.
enum MediaURL {
    /// https links as Meta hands them out, or links on the configured API host itself (a local
    /// stand-in of the Graph API serves its files from there).
    static func isAcceptable(_ url: String, baseURL: String) -> Bool {
        guard let link = URLComponents(string: url), let host = link.host, !host.isEmpty else { return false }
        if link.scheme?.lowercased() == "https" { return true }
        guard let base = URLComponents(string: baseURL) else { return false }
        return link.scheme?.lowercased() == base.scheme?.lowercased() && host.lowercased() == base.host?.lowercased()
            && link.port == base.port
    }
}
