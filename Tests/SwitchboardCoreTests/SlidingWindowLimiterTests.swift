import Testing

@testable import SwitchboardCore

@Suite("sliding window rate limiter")
struct SlidingWindowLimiterTests {
    @Test("allows `limit` submissions, refuses the next, and allows again once the window has passed")
    func window() async {
        let limiter = SlidingWindowLimiter(window: .seconds(60))
        let start = ContinuousClock.now
        for second in 0..<3 {
            #expect(await limiter.allow(key: "203.0.113.7", limit: 3, now: start + .seconds(second)))
        }
        #expect(await !limiter.allow(key: "203.0.113.7", limit: 3, now: start + .seconds(10)))
        #expect(await limiter.retryAfterSeconds(key: "203.0.113.7", now: start + .seconds(10)) == 50)
        // Another address is counted on its own.
        #expect(await limiter.allow(key: "198.51.100.2", limit: 3, now: start + .seconds(10)))
        // The first submission leaves the window at 60 s; one slot opens, not three.
        #expect(await !limiter.allow(key: "203.0.113.7", limit: 3, now: start + .milliseconds(59_900)))
        #expect(await limiter.allow(key: "203.0.113.7", limit: 3, now: start + .milliseconds(60_500)))
        #expect(await !limiter.allow(key: "203.0.113.7", limit: 3, now: start + .milliseconds(60_500)))
        // Long after, the whole allowance is back.
        for offset in 0..<3 {
            #expect(await limiter.allow(key: "203.0.113.7", limit: 3, now: start + .seconds(300 + offset)))
        }
    }

    @Test("retry-after rounds up and is 0 for an unknown key")
    func retryAfter() async {
        let limiter = SlidingWindowLimiter(window: .seconds(60))
        let start = ContinuousClock.now
        #expect(await limiter.retryAfterSeconds(key: "x", now: start) == 0)
        #expect(await limiter.allow(key: "x", limit: 1, now: start))
        #expect(await !limiter.allow(key: "x", limit: 1, now: start + .milliseconds(500)))
        #expect(await limiter.retryAfterSeconds(key: "x", now: start + .milliseconds(500)) == 60)
    }

    @Test("a limit of 0 means no limit")
    func unlimited() async {
        let limiter = SlidingWindowLimiter()
        let now = ContinuousClock.now
        for _ in 0..<100 {
            #expect(await limiter.allow(key: "x", limit: 0, now: now))
        }
    }
}
