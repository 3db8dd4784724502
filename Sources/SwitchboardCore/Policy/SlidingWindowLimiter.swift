/// Limits how often one key (a client IP, usually with the inbox uid) may post a public form.
///
/// A sliding window: a key may submit `limit` times within any `window`; the next slot opens when
/// its oldest counted submission leaves the window. State is in memory and per process — enough
/// to blunt a flood from one address; several processes behind a balancer each keep their own
/// count. Idle keys are swept as time passes, so memory follows the active keys only.
public actor SlidingWindowLimiter {
    private let window: Duration
    /// Admission times per key, oldest first; never longer than the largest limit asked for.
    private var admissions: [String: [ContinuousClock.Instant]] = [:]
    private var lastSweep: ContinuousClock.Instant?

    public init(window: Duration = .seconds(60)) {
        self.window = window > .zero ? window : .seconds(60)
    }

    /// True when this key may submit now (and counts it); false when it already has `limit`
    /// submissions within the window. A `limit` of 0 or less means no limit.
    public func allow(key: String, limit: Int, now: ContinuousClock.Instant = .now) -> Bool {
        sweepIfDue(now: now)
        guard limit > 0 else { return true }
        var times = recent(key, now: now)
        guard times.count < limit else {
            admissions[key] = times
            return false
        }
        times.append(now)
        admissions[key] = times
        return true
    }

    /// Whole seconds until the key's oldest counted submission leaves the window (for
    /// `Retry-After`); 0 when the key has nothing counted.
    public func retryAfterSeconds(key: String, now: ContinuousClock.Instant = .now) -> Int {
        guard let oldest = recent(key, now: now).first else { return 0 }
        let remaining = now.duration(to: oldest + window)
        let (seconds, attoseconds) = remaining.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }

    /// The key's admissions still inside the window at `now`.
    private func recent(_ key: String, now: ContinuousClock.Instant) -> [ContinuousClock.Instant] {
        guard let times = admissions[key] else { return [] }
        let start = now - window
        return Array(times.drop { $0 <= start })
    }

    /// Once per window, forgets keys with nothing left inside it.
    private func sweepIfDue(now: ContinuousClock.Instant) {
        guard let last = lastSweep else {
            lastSweep = now
            return
        }
        guard last.duration(to: now) >= window else { return }
        lastSweep = now
        let start = now - window
        admissions = admissions.filter { _, times in times.last.map { $0 > start } ?? false }
    }
}
