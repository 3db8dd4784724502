/// Comparison that takes the same time wherever the inputs differ, so a webhook proof cannot be guessed
/// byte by byte from response times.
public enum ConstantTime {
    public static func equals(_ lhs: some Sequence<UInt8>, _ rhs: some Sequence<UInt8>) -> Bool {
        let a = Array(lhs)
        let b = Array(rhs)
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0 && a.count == b.count
    }

    public static func equals(_ lhs: String?, _ rhs: String?) -> Bool {
        guard let lhs, let rhs else { return false }
        return equals(Array(lhs.utf8), Array(rhs.utf8))
    }
}
